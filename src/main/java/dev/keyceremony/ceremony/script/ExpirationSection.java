package dev.keyceremony.ceremony.script;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The expiration model and, for KEY_MATERIAL_EXPIRES, either a fixed {@code validTo} or a {@code
 * validFor} duration counted from the moment of import.
 */
public record ExpirationSection(String model, Instant validTo, Duration validFor) {
  public static final String EXPIRES = "KEY_MATERIAL_EXPIRES";
  public static final String DOES_NOT_EXPIRE = "KEY_MATERIAL_DOES_NOT_EXPIRE";

  public ExpirationSection {
    Objects.requireNonNull(model, "model");
    if (model.equals(EXPIRES) && (validTo == null) == (validFor == null)) {
      throw new IllegalArgumentException(
          "KEY_MATERIAL_EXPIRES needs exactly one of validTo, validFor");
    }
  }

  public boolean expires() {
    return model.equals(EXPIRES);
  }

  /** The ValidTo to send with an import made at {@code now}, or null when it does not expire. */
  public Instant validToAt(Instant now) {
    if (!expires()) {
      return null;
    }
    return validTo != null ? validTo : now.plus(validFor);
  }

  public String describe() {
    if (!expires()) {
      return DOES_NOT_EXPIRE;
    }
    return EXPIRES + (validTo != null ? ", valid to " + validTo : ", valid for " + validFor);
  }
}
