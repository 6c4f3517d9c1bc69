package dev.keyceremony.transcript;

import java.util.Objects;

/**
 * One problem or warning found by the verifier.
 *
 * @param line 1-based line of transcript.jsonl it concerns, or 0 when it concerns a whole file
 * @param file the bundle file it concerns (transcript.jsonl, transcript.sig or signer.pem)
 * @param message what is wrong, and what could have caused it
 */
public record Finding(int line, String file, String message) {
  public Finding {
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, was " + line);
    }
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  static Finding atLine(int line, String message) {
    return new Finding(line, BundleFiles.TRANSCRIPT, message);
  }

  static Finding inFile(String file, String message) {
    return new Finding(0, file, message);
  }

  @Override
  public String toString() {
    return line > 0 ? file + " line " + line + ": " + message : file + ": " + message;
  }
}
