package dev.keyceremony.ceremony.script;

import java.util.Objects;

/** One problem in a ceremony script: the field path (e.g. {@code key.spec}) and what is wrong. */
public record Problem(String path, String message) {
  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
