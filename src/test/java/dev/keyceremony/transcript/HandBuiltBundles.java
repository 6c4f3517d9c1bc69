package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Transcripts built by hand, entry by entry, with the entry types of ENTRY-TYPES (including those
 * the ceremony does not write yet), and forgeries made the way an attacker would: re-chain every
 * line, put their own key's fingerprint in line 1, replace signer.pem and sign with their own P-384
 * key.
 */
public final class HandBuiltBundles {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final List<String> STEPS =
      List.of(
          "preflight",
          "approvals",
          "create-key",
          "parameters",
          "hsm-prepare",
          "wrap-import",
          "prove");

  private HandBuiltBundles() {}

  /** One entry to write: type, actor, data. */
  public record E(String type, String actor, Map<String, ?> data) {
    public static E of(String type, Object... kv) {
      Map<String, Object> d = new LinkedHashMap<>();
      for (int i = 0; i < kv.length; i += 2) {
        d.put((String) kv[i], kv[i + 1]);
      }
      return new E(
          type,
          type.startsWith("step.approvals") ? "custodians:carol,chris" : "operator:olivia",
          d);
    }
  }

  public static void write(Path dir, TranscriptSigner signer, List<E> entries) {
    try (TranscriptWriter w =
        TranscriptWriter.create(dir, "hand-built-1", signer, Fixtures.clock())) {
      entries.forEach(e -> w.append(e.type(), e.actor(), e.data()));
    }
  }

  /** ceremony.opened with a script hash, as the ceremony writes it. */
  public static E opened(byte[] script) {
    return E.of(
        "ceremony.opened",
        "name",
        "hand-built",
        "purpose",
        "tests",
        "script",
        Map.of("source", "hand.yaml", "sha256", Hashes.sha256Hex(script)));
  }

  /** Opened, then every step up to (not including) {@code upTo}; all steps when upTo is null. */
  public static List<E> stepsUpTo(byte[] script, String upTo) {
    List<E> l = new java.util.ArrayList<>();
    l.add(opened(script));
    for (String s : STEPS) {
      if (s.equals(upTo)) {
        break;
      }
      l.add(E.of("step." + s, "durationMs", 10, "kmsRequests", List.of()));
    }
    return l;
  }

  public static List<E> succeeded(byte[] script) {
    List<E> l = stepsUpTo(script, null);
    l.add(
        E.of(
            "ceremony.sealed",
            "outcome",
            "succeeded",
            "keyArn",
            "arn:aws:kms:eu-west-1:111122223333:key/k1"));
    return l;
  }

  public static List<E> failedAt(byte[] script, String step, String cause) {
    List<E> l = stepsUpTo(script, step);
    l.add(E.of("error", "step", step, "cause", cause, "message", step + " failed: " + cause));
    l.add(E.of("ceremony.sealed", "outcome", "failed", "failedStep", step, "cause", cause));
    return l;
  }

  /**
   * Copies {@code src} as an attacker would alter it, re-chained and re-signed with {@code
   * mallory}.
   */
  public static void forge(
      Path src, Path dst, SoftwareP384Signer mallory, Consumer<List<ObjectNode>> edit) {
    try {
      List<ObjectNode> lines = new java.util.ArrayList<>();
      for (String l : Files.readAllLines(BundleFiles.transcript(src), StandardCharsets.UTF_8)) {
        lines.add((ObjectNode) JSON.readTree(l));
      }
      ((ObjectNode) lines.get(0).path("data").path("signer"))
          .put("fingerprintSha256", mallory.signerFingerprint());
      edit.accept(lines);
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      String prev = Hashes.GENESIS_PREV;
      for (ObjectNode l : lines) {
        l.put("prev", prev);
        byte[] b = CanonicalJson.canonicalize(l);
        file.write(b);
        file.write('\n');
        prev = Hashes.sha256Hex(b);
      }
      Files.createDirectories(dst);
      Files.write(BundleFiles.transcript(dst), file.toByteArray());
      Files.writeString(BundleFiles.signerPem(dst), SignerKeys.toPem(mallory.publicKeySpki()));
      Files.write(BundleFiles.signature(dst), mallory.sign(file.toByteArray()));
      if (Files.exists(BundleFiles.script(src))) {
        Files.copy(BundleFiles.script(src), BundleFiles.script(dst));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The forgery of issue 9: a failed ceremony rewritten as succeeded (sealed entry's outcome). */
  public static void forgeSucceeded(Path src, Path dst, SoftwareP384Signer mallory) {
    forge(
        src,
        dst,
        mallory,
        lines -> {
          ObjectNode last = (ObjectNode) lines.get(lines.size() - 1).path("data");
          last.put("outcome", "succeeded");
          last.remove("failedStep");
          last.remove("cause");
        });
  }
}
