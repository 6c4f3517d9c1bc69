package dev.keyceremony.ceremony;

import java.util.Map;

/**
 * Where the ceremony records what happens: one entry per step. The production implementation (in
 * cli) appends to the signed, hash-chained transcript and writes a signed checkpoint after every
 * entry, so an interrupted ceremony leaves a verifiable prefix. Values are strings, numbers,
 * booleans, lists and maps; never a secret.
 */
public interface Journal {
  /** Appends one entry; returns its sequence number (1 for the first entry). */
  long record(String type, String actor, Map<String, Object> data);
}
