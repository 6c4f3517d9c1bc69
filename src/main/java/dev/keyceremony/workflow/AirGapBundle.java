package dev.keyceremony.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.ceremony.AirGapFacts;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptException;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An air-gapped ceremony's bundle as a phase finds it: verified (chain; signature and the pinned
 * signer once wrap signed it), its script parsed, the phase it waits for, and every file unchanged
 * since the last {@code phase.completed} entry recorded its SHA-256. Refusals change nothing.
 */
final class AirGapBundle {
  static final String WRAPPING_KEY = "WrappingPublicKey.der";
  static final String IMPORT_TOKEN = "ImportToken.bin";
  static final String ENCRYPTED = "EncryptedKeyMaterial.bin";
  static final String PHASE_COMPLETED = "phase.completed";

  /** Files no phase.completed can hash: the transcript itself, and the signature over it. */
  private static final Set<String> UNHASHED = Set.of(BundleFiles.TRANSCRIPT, BundleFiles.SIGNATURE);

  final Path dir;
  final VerificationReport report;

  /** The transcript's entries; {@link #reload} re-reads them after a phase appended some. */
  List<TranscriptEntry> entries;

  final CeremonyRecord record;
  final CeremonyScript script;
  final String pin;

  /** The last phase.completed entry, or null. */
  final TranscriptEntry lastPhase;

  private AirGapBundle(
      Path dir, VerificationReport report, CeremonyScript script, TranscriptEntry lastPhase) {
    this.dir = dir;
    this.report = report;
    this.entries = report.entries();
    this.record = CeremonyRecord.of(entries);
    this.script = script;
    this.pin = script.transcript().signerFingerprint();
    this.lastPhase = lastPhase;
  }

  /**
   * Reads and checks the bundle for {@code phase}.
   *
   * @param ownOutputs files this phase writes, which an interrupted earlier run of it may have left
   *     (they are replaced, and the transcript says so)
   */
  static AirGapBundle open(Path dir, String phase, Clock clock, Set<String> ownOutputs) {
    return open(dir, phase, Set.of(phase), clock, ownOutputs);
  }

  /**
   * Reads and checks the bundle for {@code prepare --refresh}: one that waits for wrap or import
   * (its import parameters not yet spent).
   */
  static AirGapBundle openForRefresh(Path dir, Clock clock) {
    return open(
        dir,
        "prepare --refresh",
        Set.of("wrap", "import"),
        clock,
        Set.of(ENCRYPTED, BundleFiles.SIGNER_PEM));
  }

  private static AirGapBundle open(
      Path dir, String phase, Set<String> accepted, Clock clock, Set<String> ownOutputs) {
    if (!Files.isRegularFile(BundleFiles.transcript(dir))) {
      throw new BundleOpener.Refusal(
          ExitStatus.INVALID_INPUT,
          phase
              + ": "
              + dir
              + " is not a"
              + " ceremony bundle (no "
              + BundleFiles.TRANSCRIPT
              + "); give the directory that"
              + " ./ceremony prepare wrote; nothing was changed");
    }
    VerificationReport r = TranscriptVerifier.verify(dir);
    if (r.verdict() == Verdict.INVALID) {
      throw new BundleOpener.Refusal(
          ExitStatus.TRANSCRIPT_INVALID,
          phase
              + ": the bundle "
              + dir
              + " does not verify: "
              + r.firstProblem().map(Object::toString).orElse("?")
              + ". It changed since the last phase (or was damaged in transit); a changed bundle is"
              + " never continued. Nothing was changed. Check it with ./ceremony transcript verify "
              + dir
              + " and carry an intact copy");
    }
    CeremonyRecord rec = CeremonyRecord.of(r.entries());
    byte[] bytes;
    try {
      bytes =
          BundleScript.read(dir, rec.scriptSha256())
              .orElseThrow(
                  () ->
                      new BundleOpener.Refusal(
                          ExitStatus.TRANSCRIPT_INVALID,
                          phase
                              + ": "
                              + dir
                              + " holds no "
                              + BundleScript.FILE
                              + "; nothing was changed"));
    } catch (BundleScript.BundleMismatch e) {
      throw new BundleOpener.Refusal(
          ExitStatus.TRANSCRIPT_INVALID,
          phase
              + ": the bundle changed"
              + " since the last phase: "
              + e.getMessage()
              + "; nothing was changed");
    }
    CeremonyScript s;
    try {
      String scriptDir = r.entries().get(0).data().path("script").path("directory").textValue();
      s =
          new ScriptParser(clock, rec.runId())
              .parse(
                  new String(bytes, StandardCharsets.UTF_8),
                  dir.resolve(BundleScript.FILE).toString(),
                  scriptDir == null ? dir : Path.of(scriptDir));
    } catch (ScriptException e) {
      throw new BundleOpener.Refusal(
          ExitStatus.INVALID_INPUT,
          phase + ": the bundle's script" + " no longer parses: " + e.getMessage());
    }
    s = s.withTranscriptOut(dir.toAbsolutePath().getParent());
    TranscriptEntry last = null;
    for (TranscriptEntry e : r.entries()) {
      if (PHASE_COMPLETED.equals(e.type())) {
        last = e;
      }
    }
    AirGapBundle b = new AirGapBundle(dir, r, s, last);
    String next = b.checkPhase(phase, accepted);
    b.checkFiles(phase, ownOutputs);
    b.checkSigner(phase, next);
    return b;
  }

  /** The phase the bundle waits for, which must be one of {@code accepted}. */
  private String checkPhase(String phase, Set<String> accepted) {
    if (pin == null) {
      throw new BundleOpener.Refusal(
          ExitStatus.INVALID_INPUT,
          phase
              + ": "
              + dir
              + " is not an"
              + " air-gapped ceremony (its script pins no transcript.signer-fingerprint); continue"
              + " it with ./ceremony resume "
              + dir
              + "; nothing was changed");
    }
    String sealed = entries.get(entries.size() - 1).type();
    if ("ceremony.sealed".equals(sealed)) {
      throw new BundleOpener.Refusal(
          ExitStatus.INVALID_INPUT,
          phase
              + ": the ceremony in "
              + dir
              + " is sealed (complete); there is no phase left. Check it with ./ceremony transcript"
              + " verify "
              + dir
              + "; nothing was changed");
    }
    String next = lastPhase == null ? "prepare" : lastPhase.data().path("next").asText();
    if (lastPhase == null) {
      throw new BundleOpener.Refusal(
          ExitStatus.INVALID_INPUT,
          phase
              + ": the prepare phase of "
              + dir
              + " never completed (interrupted or failed before it fetched the import"
              + " parameters), and an unfinished prepare is not continued. A KMS key it may have"
              + " created carries the tag "
              + dev.keyceremony.ceremony.AirGapPhases.ceremonyTag()
              + "="
              + record.ceremonyId()
              + " and stays PendingImport (schedule its deletion with aws"
              + " kms schedule-key-deletion); run ./ceremony prepare SCRIPT again; nothing was"
              + " changed");
    }
    if (!accepted.contains(next)) {
      String why =
          accepted.size() == 1
              ? ", not " + phase
              : " ("
                  + phase
                  + " needs one that waits for "
                  + String.join(" or ", new java.util.TreeSet<>(accepted))
                  + ": the material was imported already)";
      throw new BundleOpener.Refusal(
          ExitStatus.INVALID_INPUT,
          phase
              + ": the bundle "
              + dir
              + " waits for phase "
              + next
              + why
              + " (the last phase completed was "
              + lastPhase.data().path("phase").asText()
              + "). Run: "
              + command(next, dir)
              + "; nothing was changed");
    }
    return next;
  }

  static String command(String phase, Path dir) {
    String where =
        switch (phase) {
          case "wrap", "seal" -> " on the OFFLINE machine with the HSM";
          default -> " on the ONLINE machine";
        };
    return "./ceremony " + phase + " " + dir + where;
  }

  private void checkFiles(String phase, Set<String> ownOutputs) {
    Map<String, String> recorded = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : lastPhase.data().path("files").properties()) {
      recorded.put(e.getKey(), e.getValue().asText());
    }
    Map<String, String> now = hashes(dir);
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      String h = now.get(e.getKey());
      if (h == null) {
        throw changed(
            phase,
            e.getKey()
                + " is missing (phase "
                + lastPhase.data().path("phase").asText()
                + " recorded SHA-256 "
                + e.getValue()
                + ")");
      }
      if (!h.equals(e.getValue())) {
        throw changed(
            phase,
            e.getKey()
                + " has SHA-256 "
                + h
                + ", but phase "
                + lastPhase.data().path("phase").asText()
                + " recorded "
                + e.getValue());
      }
    }
    for (String f : now.keySet()) {
      if (!recorded.containsKey(f) && !ownOutputs.contains(f)) {
        throw changed(
            phase, f + " was added after phase " + lastPhase.data().path("phase").asText());
      }
    }
  }

  private BundleOpener.Refusal changed(String phase, String what) {
    return new BundleOpener.Refusal(
        ExitStatus.TRANSCRIPT_INVALID,
        phase
            + ": the bundle "
            + dir
            + " changed since the last phase: "
            + what
            + ". A changed bundle is never continued;"
            + " nothing was changed. Carry an intact copy of the bundle, or start again");
  }

  private void checkSigner(String phase, String next) {
    if ("wrap".equals(next)) {
      String named = TranscriptVerifier.pendingSigner(report);
      String signedBy = report.verdict() == Verdict.UNSIGNED ? named : report.signerFingerprint();
      if (!pin.equals(signedBy)) {
        throw wrongSigner(phase, signedBy);
      }
      return;
    }
    VerificationReport pinned = TranscriptVerifier.verify(dir, pin);
    if (pinned.verdict() == Verdict.INVALID || pinned.verdict() == Verdict.UNSIGNED) {
      throw wrongSigner(
          phase, report.signerFingerprint().isEmpty() ? "nobody" : report.signerFingerprint());
    }
    if (pinned.signedLineCount() < lastPhaseOf("wrap")) {
      throw new BundleOpener.Refusal(
          ExitStatus.TRANSCRIPT_INVALID,
          phase
              + ": transcript.sig"
              + " covers lines 1-"
              + pinned.signedLineCount()
              + " only, not the wrap phase that"
              + " ended at line "
              + lastPhaseOf("wrap")
              + "; the HSM's signature is missing or"
              + " older than the bundle. Nothing was changed");
    }
  }

  private BundleOpener.Refusal wrongSigner(String phase, String actual) {
    return new BundleOpener.Refusal(
        ExitStatus.FAILED,
        phase
            + ": the bundle "
            + dir
            + " is"
            + " signed (or to be signed) by "
            + actual
            + ", but the script pins"
            + " transcript.signer-fingerprint "
            + pin
            + "; only the pinned signer may carry this"
            + " ceremony on. Nothing was changed");
  }

  /** The seq of the last phase.completed of {@code phase}, 0 when none. */
  long lastPhaseOf(String phase) {
    long seq = 0;
    for (TranscriptEntry e : entries) {
      if (PHASE_COMPLETED.equals(e.type()) && phase.equals(e.data().path("phase").asText())) {
        seq = e.seq();
      }
    }
    return seq;
  }

  /** The data of the last entry of {@code type} (optionally with data.action), or null. */
  JsonNode last(String type, String action) {
    JsonNode found = null;
    for (TranscriptEntry e : entries) {
      if (e.type().equals(type)
          && (action == null
              || action.equals(e.data().path("action").asText())
                  && "done".equals(e.data().path("status").asText()))) {
        found = e.data();
      }
    }
    return found;
  }

  /** What the earlier phases established. */
  AirGapFacts facts() {
    JsonNode p = last("step.parameters", null);
    byte[] spki = read(WRAPPING_KEY);
    byte[] token = read(IMPORT_TOKEN);
    String validTo = p.path("parametersValidTo").asText();
    ImportParameters params =
        new ImportParameters(
            p.path("keyArn").asText(),
            spki,
            token,
            "null".equals(validTo) ? null : Instant.parse(validTo));
    JsonNode gen = last("result", "hsm:generate");
    JsonNode wrap = last("step.wrap", null);
    String label = null;
    String id = null;
    boolean generated = false;
    if (wrap != null) {
      label = wrap.path("hsmObject").path("label").asText();
      id = wrap.path("hsmObject").path("id").asText();
      generated = wrap.path("hsmObject").path("generatedByThisCeremony").asBoolean();
    } else if (gen != null) {
      label = gen.path("label").asText();
      id = gen.path("id").asText();
      generated = true;
    }
    return new AirGapFacts(
        p.path("keyId").asText(),
        KeySpec.parse(p.path("keySpec").asText()),
        WrappingAlgorithm.valueOf(p.path("algorithm").asText()),
        params,
        label,
        id,
        generated,
        texts(last("step.hsm-proofs", null)),
        texts(last("step.kms-proofs", null)));
  }

  private static Map<String, String> texts(JsonNode n) {
    Map<String, String> m = new LinkedHashMap<>();
    if (n == null) {
      return m;
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (e.getValue().isValueNode()) {
        m.put(e.getKey(), e.getValue().asText());
      }
    }
    return m;
  }

  /** Re-reads the transcript's entries (after this phase reconciled or appended). */
  void reload() {
    entries = TranscriptVerifier.verify(dir).entries();
  }

  /** The fold over the current entries. */
  CeremonyRecord recordNow() {
    return CeremonyRecord.of(entries);
  }

  byte[] read(String name) {
    try {
      return Files.readAllBytes(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(name), e);
    }
  }

  /** SHA-256 of every file in the bundle but the transcript and its signature. */
  static Map<String, String> hashes(Path dir) {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : (Iterable<Path>) s::iterator) {
        String name = f.getFileName().toString();
        if (!UNHASHED.contains(name) && !name.startsWith(".")) {
          m.put(name, Fingerprint.sha256Hex(Files.readAllBytes(f)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return m;
  }

  /** Writes a new file and fsyncs it; an interrupted earlier run's copy is replaced. */
  static void write(Path dir, String name, byte[] bytes) {
    Path f = dir.resolve(name);
    try {
      Files.deleteIfExists(f);
      try (FileChannel ch =
          FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
  }
}
