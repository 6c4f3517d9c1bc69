package dev.keyceremony.localkms.api;

import java.util.ArrayList;
import java.util.List;

/** Collects validation failures and reports them in AWS's "N validation errors detected" form. */
public final class Validation {
  private final List<String> errors = new ArrayList<>();

  public void add(String message) {
    errors.add(message);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws a ValidationException naming every collected failure, if there is any. */
  public void throwIfAny() {
    if (errors.isEmpty()) {
      return;
    }
    String head =
        errors.size() == 1
            ? "1 validation error detected: "
            : errors.size() + " validation errors detected: ";
    throw KmsError.validation(head + String.join("; ", errors));
  }
}
