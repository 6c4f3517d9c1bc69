package dev.keyceremony.ceremony.script;

import java.util.Objects;

/** New material under a new HSM label ({@code generate}) or an existing object (reimport). */
public record MaterialSection(String label, boolean generate) {
  public MaterialSection {
    Objects.requireNonNull(label, "label");
  }
}
