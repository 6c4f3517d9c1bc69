package dev.keyceremony.workflow;

import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An error no step handles stopped a ceremony after its transcript was opened: it may already have
 * changed KMS (CreateKey, ImportKeyMaterial) or the HSM, so it is never reported as a set-up
 * failure. The message names the bundle, what the transcript says exists now, and the commands that
 * continue ({@code resume}) or undo ({@code abandon}) it (docs/decisions/0019).
 */
public final class CeremonyLeftIncomplete extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path bundle;

  private CeremonyLeftIncomplete(String message, Path bundle, Throwable cause) {
    super(message, cause);
    this.bundle = bundle;
  }

  /** The ceremony's transcript bundle. */
  public Path bundle() {
    return bundle;
  }

  /** Wraps {@code cause}; reads the bundle (written and closed by now) for what exists. */
  public static CeremonyLeftIncomplete of(Path bundle, RuntimeException cause) {
    String what =
        cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    return new CeremonyLeftIncomplete(
        "the ceremony stopped on an unexpected error after it had"
            + " started ("
            + what
            + "). What exists now, as its transcript "
            + bundle
            + " records: "
            + existsNow(bundle)
            + ". Continue it with: ./ceremony resume "
            + bundle
            + "; or undo what it created with: ./ceremony abandon "
            + bundle,
        bundle,
        cause);
  }

  /** What the transcript says the ceremony created or changed; never fails. */
  static String existsNow(Path bundle) {
    CeremonyRecord r;
    try {
      r = CeremonyRecord.of(TranscriptVerifier.verify(bundle).entries());
    } catch (RuntimeException e) {
      return "unknown (the transcript could not be read: " + e.getMessage() + ")";
    }
    List<String> l = new ArrayList<>();
    if (r.keyId() != null) {
      l.add("KMS key " + r.keyId() + (r.keyCreated() ? " (created by this ceremony)" : ""));
    }
    if (r.alias() != null) {
      l.add("alias " + r.alias());
    }
    if (r.materialLabel() != null) {
      l.add("HSM object '" + r.materialLabel() + "'");
    }
    if (r.imported()) {
      l.add(
          "key material imported into KMS"
              + (r.keyMaterialId() == null ? "" : " (KeyMaterialId " + r.keyMaterialId() + ")"));
    }
    if (!r.openIntents().isEmpty()) {
      List<String> open = new ArrayList<>();
      for (CeremonyRecord.Intent i : r.openIntents()) {
        open.add(i.action());
      }
      l.add("side effects announced without a recorded result: " + String.join(", ", open));
    }
    return l.isEmpty() ? "no key, alias, HSM object or import recorded yet" : String.join("; ", l);
  }
}
