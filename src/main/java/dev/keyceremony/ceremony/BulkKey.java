package dev.keyceremony.ceremony;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One key of a batch as the coordinating thread drives it: its own script and context (the shared
 * HSM session, KMS client and journal), its ceremony state, and where it stands.
 */
final class BulkKey {
  final int n;
  final CeremonyContext ctx;
  final CeremonyState st = new CeremonyState();

  /** The wrapped material, held until the witnesses confirmed the digest (never plaintext). */
  byte[] ciphertext;

  Map<String, Object> wrap;

  /** A KMS call of this key is in flight. */
  boolean busy;

  /** The earlier run finished this key (succeeded, or failed for good): nothing to do. */
  String finishedEarlier;

  /** This run finished it: its batch.key entry is written. */
  boolean finished;

  boolean succeeded;

  /** Why this run failed the key (step, cause, message), for the summary. */
  String failure;

  final Map<String, Object> kmsRequests = new LinkedHashMap<>();

  BulkKey(int n, CeremonyContext ctx) {
    this.n = n;
    this.ctx = ctx;
  }

  String alias() {
    return ctx.script().key().create().alias();
  }

  boolean open() {
    return finishedEarlier == null && !finished;
  }

  boolean needsCreate() {
    return open() && !busy && st.key == null;
  }

  boolean needsAlias() {
    return open() && !busy && st.key != null && alias() != null && !st.aliasCreated;
  }

  boolean needsGenerate() {
    return open() && st.key != null && st.target == null;
  }

  /** After the alias, as in a single ceremony: a key that cannot get its alias spends no quota. */
  boolean needsParameters() {
    return open()
        && !busy
        && st.key != null
        && (alias() == null || st.aliasCreated)
        && st.imported == null
        && st.parameters == null;
  }

  boolean needsWrap() {
    return open()
        && st.target != null
        && st.parameters != null
        && ciphertext == null
        && st.imported == null;
  }

  /** Ready for the witnesses (or nothing left to confirm: imported earlier). */
  boolean readyForConfirmation() {
    return !open() || st.imported != null || ciphertext != null;
  }

  boolean needsImport() {
    return open() && !busy && ciphertext != null && st.imported == null;
  }

  boolean needsProof() {
    return open() && !busy && st.imported != null && !st.proven;
  }
}
