package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the script inside a bundle ({@code script.yaml}, written by {@code
 * BundleFiles.writeScript}): the exact bytes that were parsed, whose SHA-256 line 1 records. {@code
 * resume} and {@code abandon} parse it from there, so a ceremony continues with the script it
 * started with, not with whatever the file says today.
 */
final class BundleScript {
  static final String FILE = "script.yaml";

  private BundleScript() {}

  /** The bytes, when present and matching {@code sha256}; empty when absent. */
  static Optional<byte[]> read(Path bundle, String sha256) {
    Path f = bundle.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    byte[] b;
    try {
      b = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
    if (sha256 == null || !sha256.equals(Fingerprint.sha256Hex(b))) {
      throw new BundleMismatch(
          f
              + " has SHA-256 "
              + Fingerprint.sha256Hex(b)
              + ", but line 1"
              + " of the transcript records "
              + sha256
              + ": the script in the bundle was changed");
    }
    return Optional.of(b);
  }

  /** The bundle's files disagree with its signed transcript. */
  static final class BundleMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BundleMismatch(String message) {
      super(message);
    }
  }
}
