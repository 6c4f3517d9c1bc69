package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A signer enrolment record: a one-entry transcript bundle ({@code transcript.jsonl}, {@code
 * transcript.sig}, {@code signer.pem}) whose only entry, {@code signer.enrolled}, holds the new
 * signer key's facts (data.key), the token's facts, who witnessed the enrolment and when. It is
 * signed by the new key itself, which proves only that the token held the key when the record was
 * made; its worth as a pin comes from where the organisation keeps it (a safe, an audit file), not
 * from the signature. Auditors give it to {@code transcript verify --trust DIR}.
 */
public final class SignerEnrolment {
  /** The entry type of the record's only line. */
  public static final String TYPE = "signer.enrolled";

  private SignerEnrolment() {}

  /**
   * Writes a new record into {@code dir} (refused when it holds a bundle already).
   *
   * @param facts the entry's data: signer label, token facts, witnesses, operator (no secret)
   */
  public static void write(
      Path dir, String label, TranscriptSigner signer, Map<String, ?> facts, Clock clock) {
    String id = "signer-enrolment-" + label.replaceAll("[^A-Za-z0-9._:-]", "_");
    id = id.length() > 128 ? id.substring(0, 128) : id;
    try (TranscriptWriter w = TranscriptWriter.create(dir, id, signer, clock)) {
      w.append(TYPE, "tool", new LinkedHashMap<>(facts));
    }
  }

  /**
   * Reads a record as a pin: it must verify (chain and its own signature) and be an enrolment.
   *
   * @throws IllegalArgumentException naming what is wrong with the record
   */
  public static SignerPin pin(Path dir) {
    VerificationReport r = TranscriptVerifier.verifyPinned(TranscriptBundle.read(dir), List.of());
    if (r.verdict() != Verdict.VALID) {
      throw new IllegalArgumentException(
          "signer enrolment record " + dir + " does not verify: " + r.summary());
    }
    TranscriptEntry first = r.entries().get(0);
    if (!TYPE.equals(first.type())) {
      throw new IllegalArgumentException(
          dir
              + " is a transcript bundle, not a signer enrolment record (its first"
              + " entry is '"
              + first.type()
              + "', not '"
              + TYPE
              + "'): give the record that 'ceremony hsm"
              + " create-signer' wrote, or a trust file");
    }
    return new SignerPin(r.signerFingerprint(), describe(first));
  }

  /** "LABEL, enrolled DATE in token T, witnessed by A, B". */
  static String describe(TranscriptEntry e) {
    JsonNode d = e.data();
    List<String> parts = new ArrayList<>();
    parts.add(
        OutcomeReader.text(d.path("key"), "label").isEmpty()
            ? "signer"
            : OutcomeReader.text(d.path("key"), "label"));
    String token = OutcomeReader.text(d.path("token"), "label");
    parts.add(
        "enrolled " + e.time().substring(0, 10) + (token.isEmpty() ? "" : " in token " + token));
    List<String> witnesses = new ArrayList<>();
    d.path("witnesses").forEach(w -> witnesses.add(w.asText()));
    if (!witnesses.isEmpty()) {
      parts.add("witnessed by " + String.join(", ", witnesses));
    }
    return TimelineRenderer.safe(String.join(", ", parts));
  }
}
