package dev.keyceremony.transcript;

/** A transcript could not be written or read; the message names the file, the cause and the fix. */
public class TranscriptException extends RuntimeException {
  public TranscriptException(String message) {
    super(message);
  }

  public TranscriptException(String message, Throwable cause) {
    super(message, cause);
  }
}
