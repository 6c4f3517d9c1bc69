package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One witness confirmation for a batch: every key's wrapping key fingerprint is listed in the
 * transcript, and the witnesses confirm the SHA-256 over the list, one line per key ({@code <n>
 * <keyId> <wrappingKeySpkiSha256>\n}, in key order), shown in hex and as words like a single key's
 * fingerprint. Anyone can recompute it from the {@code batch.confirmation} entry (or from KMS's
 * answers) with {@code sha256sum}. Without every witness's confirmation no key of the batch is
 * imported.
 */
final class BulkConfirmation {
  static final String DIGEST_OF =
      "SHA-256 over one line per key, in key order:"
          + " '<n> <keyId> <wrappingKeySpkiSha256>' and a newline";

  private final CeremonyContext ctx;
  private final List<BulkKey> keys;
  private final BulkListener listener;

  BulkConfirmation(CeremonyContext ctx, List<BulkKey> keys, BulkListener listener) {
    this.ctx = ctx;
    this.keys = keys;
    this.listener = listener;
  }

  /** The digest text: one line per key with a wrapped material waiting for its import. */
  static String lines(List<BulkKey> pending) {
    StringBuilder b = new StringBuilder();
    for (BulkKey k : pending) {
      b.append(k.n)
          .append(' ')
          .append(k.st.keyId())
          .append(' ')
          .append(k.st.fingerprint.hex())
          .append('\n');
    }
    return b.toString();
  }

  void confirm(BulkCalls.Failure failure) {
    List<BulkKey> pending = keys.stream().filter(k -> k.open() && k.ciphertext != null).toList();
    if (pending.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    String text = lines(pending);
    Fingerprint digest = Fingerprint.of(text.getBytes(StandardCharsets.UTF_8));
    listener.confirming(text.lines().toList(), digest);
    Roles roles = ctx.script().roles();
    ConfirmationPrompt prompt =
        new ConfirmationPrompt(roles, digest, ctx.control().ceremonyId(), ctx.clock());
    List<Acknowledgement> answers =
        ParametersStep.counted(roles, prompt, ctx.participants().confirmations(prompt));
    Map<String, Object> d = new LinkedHashMap<>();
    List<Map<String, Object>> fps = new ArrayList<>();
    for (BulkKey k : pending) {
      fps.add(
          Map.of(
              "key", k.n, "keyId", k.st.keyId(), "wrappingKeySpkiSha256", k.st.fingerprint.hex()));
    }
    d.put("keys", pending.size());
    d.put("fingerprints", fps);
    d.put("digestOf", DIGEST_OF);
    d.put("digestSha256", digest.hex());
    d.put("digestWords", digest.wordsText());
    d.put("wordList", "BIP-39 English (24 words: SHA-256 + 8-bit checksum)");
    d.put("mode", ctx.participants().mode());
    if (roles.witnesses().stream().anyMatch(w -> roles.key(w).isPresent())) {
      d.put("confirmationText", prompt.text());
    }
    List<Object> recorded = new ArrayList<>();
    for (Acknowledgement a : answers) {
      recorded.add(a.toData());
    }
    d.put("confirmations", recorded);
    String missing = null;
    for (String w : roles.witnesses()) {
      if (answers.stream().noneMatch(a -> a.name().equals(w) && a.positive())) {
        missing = w;
        break;
      }
    }
    d.put("confirmed", missing == null);
    d.put("durationMs", (System.nanoTime() - t0) / 1_000_000);
    ctx.journal()
        .record(
            "batch.confirmation",
            "operator:" + roles.operator() + ";witnesses:" + String.join(",", roles.witnesses()),
            d);
    if (missing != null) {
      CeremonyFailure f =
          new CeremonyFailure(
              FailCause.NOT_CONFIRMED,
              "witness "
                  + missing
                  + " did not"
                  + " confirm the digest "
                  + digest.hex()
                  + " of the "
                  + pending.size()
                  + " wrapping key"
                  + " fingerprints",
              "nothing of this batch was imported; compare the fingerprints with"
                  + " KMS's answers and hold the ceremony again");
      for (BulkKey k : pending) {
        failure.failed(k, "parameters", f);
      }
    }
  }
}
