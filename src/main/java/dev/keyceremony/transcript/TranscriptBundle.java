package dev.keyceremony.transcript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The raw contents of one bundle, as read from disk; a missing file is null. Lets the verifier be a
 * pure function of bytes.
 *
 * @param transcript bytes of transcript.jsonl, or null when missing
 * @param signature bytes of transcript.sig, or null when missing
 * @param signerPem bytes of signer.pem, or null when missing
 * @param script bytes of script.yaml (the exact script the ceremony parsed), or null when missing
 */
// Arrays are held as read, never compared: the record is a carrier from disk to the verifier.
public record TranscriptBundle(
    byte[] transcript, byte[] signature, byte[] signerPem, byte[] script) {
  /** A bundle without script.yaml (bundles written before it was kept, and test fixtures). */
  public TranscriptBundle(byte[] transcript, byte[] signature, byte[] signerPem) {
    this(transcript, signature, signerPem, null);
  }

  /** Reads the files of {@code dir}; only I/O errors other than "missing" are thrown. */
  public static TranscriptBundle read(Path dir) {
    return new TranscriptBundle(
        readOrNull(BundleFiles.transcript(dir)),
        readOrNull(BundleFiles.signature(dir)),
        readOrNull(BundleFiles.signerPem(dir)),
        readOrNull(BundleFiles.script(dir)));
  }

  private static byte[] readOrNull(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
