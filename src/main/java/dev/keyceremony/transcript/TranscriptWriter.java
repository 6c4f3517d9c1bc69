package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Writes one transcript bundle: appends canonical, hash-chained entries to {@code transcript.jsonl}
 * (fsynced after each), and on {@link #checkpoint()} signs the exact bytes written so far into
 * {@code transcript.sig}. Entries carry hashes and public facts only: the writer never sees a
 * secret, and refuses byte[]/char[] data so a caller cannot hand it one by accident.
 *
 * <p>Not thread-safe by design of the ceremony (one step at a time), but methods are synchronized
 * so a misuse cannot interleave two lines.
 */
public final class TranscriptWriter implements AutoCloseable {
  /** Written into line 1 as {@code data.transcriptFormat}; the verifier insists on it. */
  public static final String FORMAT = "kms-key-ceremony/transcript/v1";

  /**
   * The type of the last entry of a ceremony that finished (the ceremony writes it); the verifier
   * warns when the last signed entry is anything else.
   */
  public static final String SEALED_TYPE = "ceremony.sealed";

  /** Written into line 1 as {@code data.signer.algorithm}. */
  public static final String SIGNER_ALGORITHM = "ECDSA P-384 SHA-384";

  private final Path dir;
  private final String ceremonyId;
  private final TranscriptSigner signer; // null: an unsigned transcript (no signer was available)
  private final PublicKey signerKey;
  private final String unsignedReason;
  private String pendingFingerprint; // createPending: line 1 names a signer that signs later
  private final Clock clock;
  private final FileChannel channel;
  private final FileLock lock;

  private long seq; // of the last line written; 0 before the first
  private String lastHash;
  private long size; // bytes written (all complete lines)
  private long signedSize; // bytes covered by transcript.sig; -1 when unknown (after resume)
  private boolean closed;
  private boolean broken;

  private TranscriptWriter(
      Path dir,
      String ceremonyId,
      TranscriptSigner signer,
      PublicKey signerKey,
      String unsignedReason,
      Clock clock,
      FileChannel channel,
      FileLock lock) {
    this.dir = dir;
    this.ceremonyId = ceremonyId;
    this.signer = signer;
    this.signerKey = signerKey;
    this.unsignedReason = unsignedReason;
    this.clock = clock;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Starts a new bundle in {@code dir} (created if missing): an empty {@code transcript.jsonl} and
   * {@code signer.pem}. Refuses a directory that already holds any bundle file: evidence is never
   * overwritten.
   */
  public static TranscriptWriter create(
      Path dir, String ceremonyId, TranscriptSigner signer, Clock clock) {
    Objects.requireNonNull(signer, "signer");
    byte[] spki = signer.publicKeySpki();
    return start(dir, ceremonyId, signer, spki, null, clock);
  }

  /**
   * Starts an UNSIGNED bundle, for a failure that happened before any signer was usable (the signer
   * key lives in the token that refused the login, say): only {@code transcript.jsonl}, no {@code
   * signer.pem} and never a {@code transcript.sig}. Line 1 records {@code data.signer} as {@code
   * {"unavailable": true, "reason": ...}}, and the verifier reports such a bundle as {@link
   * Verdict#UNSIGNED}: its hash chain holds together, but nothing vouches for it.
   *
   * @param reason why no signer was available (no secret: it is written into the transcript)
   */
  public static TranscriptWriter createUnsigned(
      Path dir, String ceremonyId, String reason, Clock clock) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "an unsigned transcript must say why no signer was available");
    }
    return start(dir, ceremonyId, null, null, reason, clock);
  }

  /**
   * Starts a bundle whose signer is known but not at hand (an air-gapped ceremony's online {@code
   * prepare} phase: the signer key lives in the offline HSM). Line 1 records {@code data.signer} as
   * {@code {"fingerprintSha256": FP, "algorithm": ..., "pending": true, "reason": ...}}; there is
   * no {@code signer.pem} and no {@code transcript.sig} until {@link #resume} with that very signer
   * writes both. Until then the verifier reports {@link Verdict#UNSIGNED}.
   *
   * @param signerFingerprint lowercase hex SHA-256 of the signer's SPKI (pinned by the script)
   */
  public static TranscriptWriter createPending(
      Path dir, String ceremonyId, String signerFingerprint, String reason, Clock clock) {
    if (signerFingerprint == null || !Hashes.isSha256Hex(signerFingerprint)) {
      throw new IllegalArgumentException(
          "a pending signer needs its SHA-256 fingerprint (64 hex digits)");
    }
    TranscriptWriter w = createUnsigned(dir, ceremonyId, reason, clock);
    w.pendingFingerprint = signerFingerprint;
    return w;
  }

  /**
   * Reopens a signed bundle to append entries WITHOUT signing them (an air-gapped ceremony's online
   * {@code import} phase, where the signer is offline): the existing file must verify under the
   * signer {@code expectedSignerFingerprint}; the appended lines stay an unsigned tail until the
   * signer signs the whole file in the next offline phase.
   */
  public static TranscriptWriter appendUnsigned(
      Path dir, String expectedSignerFingerprint, Clock clock) {
    Objects.requireNonNull(expectedSignerFingerprint, "expectedSignerFingerprint");
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              BundleFiles.transcript(dir), StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = lockOrFail(ch, dir);
      VerificationReport r = TranscriptVerifier.verify(dir, expectedSignerFingerprint);
      // A pending transcript (line 1 names this signer, nobody signed yet) may grow unsigned too:
      // an air-gapped ceremony's prepare --refresh before the first offline phase.
      boolean pending =
          r.verdict() == Verdict.UNSIGNED
              && !Files.exists(BundleFiles.signature(dir))
              && TranscriptVerifier.pendingSigner(r).equals(expectedSignerFingerprint);
      if (r.verdict() == Verdict.INVALID
          || r.verdict() == Verdict.UNSIGNED && !pending
          || r.entries().isEmpty()) {
        throw new TranscriptException(
            "cannot append to the transcript in "
                + dir
                + ": "
                + r.firstProblem()
                    .map(Finding::toString)
                    .orElse("it is not signed by " + expectedSignerFingerprint));
      }
      return new TranscriptWriter(
              dir,
              r.ceremonyId(),
              null,
              null,
              "appended while the signer was offline",
              clock,
              ch,
              lock)
          .positionedAfter(r);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new TranscriptException(
          "cannot open the transcript in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static TranscriptWriter start(
      Path dir,
      String ceremonyId,
      TranscriptSigner signer,
      byte[] spki,
      String unsignedReason,
      Clock clock) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(clock, "clock");
    String bad = EntryRules.checkCeremonyId(ceremonyId);
    if (bad != null) {
      throw new IllegalArgumentException(bad);
    }
    PublicKey key = spki == null ? null : signerKey(spki);
    for (Path f :
        new Path[] {
          BundleFiles.transcript(dir), BundleFiles.signature(dir), BundleFiles.signerPem(dir)
        }) {
      if (Files.exists(f)) {
        throw new TranscriptException(
            dir
                + " already holds a transcript bundle ("
                + f.getFileName()
                + " exists); a bundle is never overwritten: choose a new directory, or resume this one");
      }
    }
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch =
          FileChannel.open(
              BundleFiles.transcript(dir),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock = lockOrFail(ch, dir);
      if (spki != null) {
        BundleIo.writeNew(
            BundleFiles.signerPem(dir), SignerKeys.toPem(spki).getBytes(StandardCharsets.US_ASCII));
      }
      ch.force(true);
      BundleIo.syncDirectory(dir.toAbsolutePath());
      TranscriptWriter w =
          new TranscriptWriter(dir, ceremonyId, signer, key, unsignedReason, clock, ch, lock);
      w.lastHash = Hashes.GENESIS_PREV;
      return w;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new TranscriptException(
          "cannot create the transcript bundle in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  /**
   * Reopens a bundle an interrupted ceremony left behind, to append more entries. The existing file
   * must verify (an unsigned tail after the last checkpoint is accepted: it is this writer's own
   * fsynced output) and {@code signer} must be the key in {@code signer.pem}.
   */
  public static TranscriptWriter resume(Path dir, TranscriptSigner signer, Clock clock) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clock, "clock");
    PublicKey key = signerKey(signer.publicKeySpki());
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              BundleFiles.transcript(dir), StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = lockOrFail(ch, dir);
      VerificationReport r = TranscriptVerifier.verify(dir, signer.signerFingerprint());
      if (r.verdict() == Verdict.INVALID || r.entries().isEmpty()) {
        throw new TranscriptException(
            "cannot resume the transcript in "
                + dir
                + ": "
                + r.firstProblem().map(Finding::toString).orElse("it has no entries"));
      }
      if (r.verdict() == Verdict.UNSIGNED
          && !TranscriptVerifier.pendingSigner(r).equals(signer.signerFingerprint())) {
        throw new TranscriptException(
            "cannot resume the transcript in "
                + dir
                + ": it is unsigned and"
                + " line 1 names no pending signer "
                + signer.signerFingerprint());
      }
      if (r.verdict() == Verdict.UNSIGNED && !Files.exists(BundleFiles.signerPem(dir))) {
        // The pending signer is here at last (an air-gapped ceremony's first offline phase).
        BundleIo.writeNew(
            BundleFiles.signerPem(dir),
            SignerKeys.toPem(signer.publicKeySpki()).getBytes(StandardCharsets.US_ASCII));
        BundleIo.syncDirectory(dir.toAbsolutePath());
      }
      return new TranscriptWriter(dir, r.ceremonyId(), signer, key, null, clock, ch, lock)
          .positionedAfter(r);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new TranscriptException(
          "cannot resume the transcript in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  /**
   * Positions a reopened writer after the last entry of {@code r}, the verified content of its
   * file: the next entry continues the sequence and the chain, and the next checkpoint signs again
   * (the file may hold an unsigned tail that {@code transcript.sig} does not cover).
   */
  private TranscriptWriter positionedAfter(VerificationReport r) throws IOException {
    TranscriptEntry last = r.entries().get(r.entries().size() - 1);
    seq = last.seq();
    lastHash = last.sha256();
    size = channel.size();
    signedSize = -1;
    return this;
  }

  /**
   * Appends one entry and fsyncs it. On the first entry the writer adds {@code data.signer} ({@code
   * fingerprintSha256}, {@code algorithm}) and {@code data.transcriptFormat}; those keys are
   * reserved there. Use type {@code ceremony.opened} for the first entry by convention.
   *
   * @param data JSON types only (String, Number, Boolean, null, Map with String keys, List); record
   *     hashes of anything sensitive, never the thing itself
   */
  public synchronized TranscriptEntry append(String type, String actor, Map<String, ?> data) {
    ensureWritable();
    String bad = EntryRules.checkType(type);
    bad = bad != null ? bad : EntryRules.checkActor(actor);
    if (bad != null) {
      throw new IllegalArgumentException(bad);
    }
    ObjectNode d = JsonValues.objectOf(data, "data");
    if (seq == 0) {
      addSignerFacts(d);
    }
    String time = EntryRules.formatTime(clock.instant());
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("seq", seq + 1);
    line.put("time", time);
    line.put("ceremony", ceremonyId);
    line.put("type", type);
    line.put("actor", actor);
    line.set("data", d);
    line.put("prev", lastHash);
    byte[] bytes = CanonicalJson.canonicalize(line);
    for (byte b : bytes) {
      if (b
          == '\n') { // JCS escapes control characters, so this cannot happen; the format depends on
        // it
        throw new IllegalStateException("a canonical line contains a raw newline");
      }
    }
    byte[] withNewline = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
    withNewline[bytes.length] = '\n';
    try {
      BundleIo.writeFully(channel, withNewline, size);
      channel.force(true);
    } catch (IOException e) {
      broken = true; // a partial line may be on disk; appending after it would corrupt the chain
      throw new TranscriptException(
          "cannot append to "
              + BundleFiles.transcript(dir)
              + ": "
              + e.getMessage()
              + "; the last signed checkpoint still verifies",
          e);
    }
    TranscriptEntry entry =
        new TranscriptEntry(
            seq + 1, time, ceremonyId, type, actor, d, lastHash, Hashes.sha256Hex(bytes));
    seq++;
    lastHash = entry.sha256();
    size += withNewline.length;
    return entry;
  }

  /**
   * Signs the exact bytes of {@code transcript.jsonl} as they are now, checks the signature in
   * software against the signer's public key, and replaces {@code transcript.sig} atomically. An
   * interrupted ceremony therefore leaves a verifiable signed prefix. Does nothing before the first
   * entry or when nothing was appended since the last checkpoint.
   */
  public synchronized void checkpoint() {
    ensureWritable();
    if (signer == null
        || size == 0
        || size == signedSize) { // unsigned: there is nothing to sign with
      return;
    }
    byte[] content;
    try {
      if (channel.size() != size) {
        broken = true;
        throw new TranscriptException(
            BundleFiles.transcript(dir)
                + " was changed by someone else: it has "
                + channel.size()
                + " bytes, the writer wrote "
                + size
                + "; not signing it");
      }
      content = BundleIo.readFully(channel, size);
    } catch (IOException e) {
      throw new TranscriptException(
          "cannot read back " + BundleFiles.transcript(dir) + ": " + e.getMessage(), e);
    }
    byte[] signature = signer.sign(content);
    // Verify every device result: a signer that returns garbage must not leave a bad
    // transcript.sig.
    if (signature == null || !SignerKeys.verify(signerKey, content, signature)) {
      String hint =
          signature != null && signature.length == 96 && signature[0] != 0x30
              ? " It is 96 bytes, not DER: it looks like raw r||s from CKM_ECDSA; convert it with"
                  + " SignerKeys.rawToDer."
              : "";
      throw new TranscriptException(
          "the transcript signer returned a signature that does not verify under its"
              + " own public key (fingerprint "
              + signer.signerFingerprint()
              + "); transcript.sig was not replaced."
              + hint);
    }
    try {
      BundleIo.replaceAtomically(BundleFiles.signature(dir), signature);
    } catch (IOException e) {
      throw new TranscriptException(
          "cannot write " + BundleFiles.signature(dir) + ": " + e.getMessage(), e);
    }
    signedSize = size;
  }

  /** The final checkpoint, then releases the file. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      if (!broken) {
        checkpoint();
      }
    } finally {
      closed = true;
      try {
        lock.release();
      } catch (IOException e) {
        // closing the channel below releases it anyway
      }
      closeQuietly(channel);
    }
  }

  /** Number of entries in the transcript (the seq of the last one). */
  public synchronized long entryCount() {
    return seq;
  }

  public Path directory() {
    return dir;
  }

  public String ceremonyId() {
    return ceremonyId;
  }

  private void addSignerFacts(ObjectNode d) {
    for (String reserved : new String[] {"signer", "transcriptFormat"}) {
      if (d.has(reserved)) {
        throw new IllegalArgumentException(
            "data."
                + reserved
                + " is reserved on the first entry: the writer"
                + " fills it in from the TranscriptSigner; remove it from the data");
      }
    }
    ObjectNode s = d.putObject("signer");
    if (pendingFingerprint != null) {
      s.put("fingerprintSha256", pendingFingerprint);
      s.put("algorithm", SIGNER_ALGORITHM);
      s.put("pending", true);
      s.put("reason", unsignedReason);
    } else if (signer == null) {
      s.put("unavailable", true);
      s.put("reason", unsignedReason);
    } else {
      s.put("fingerprintSha256", signer.signerFingerprint());
      s.put("algorithm", SIGNER_ALGORITHM);
    }
    d.put("transcriptFormat", FORMAT);
  }

  private void ensureWritable() {
    if (closed) {
      throw new IllegalStateException("the transcript writer for " + dir + " is closed");
    }
    if (broken) {
      throw new IllegalStateException(
          "the transcript writer for "
              + dir
              + " failed earlier; resume the bundle"
              + " after checking it with 'ceremony transcript verify'");
    }
  }

  private static PublicKey signerKey(byte[] spki) {
    try {
      return SignerKeys.p384PublicKey(spki);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the transcript signer's public key " + e.getMessage(), e);
    }
  }

  private static FileLock lockOrFail(FileChannel ch, Path dir) throws IOException {
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held by another writer in this JVM
    }
    if (lock == null) {
      ch.close();
      throw new TranscriptException("another process is writing the transcript in " + dir);
    }
    return lock;
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing more to do: the data was fsynced when it mattered
      }
    }
  }
}
