package dev.keyceremony.kms;

import java.util.Map;
import java.util.Objects;

/** CreateKey with Origin EXTERNAL: key spec, usage, description, tags, multi-Region. */
public record CreateKeySpec(
    String keySpec,
    String keyUsage,
    String description,
    Map<String, String> tags,
    boolean multiRegion) {
  public CreateKeySpec {
    Objects.requireNonNull(keySpec, "keySpec");
    Objects.requireNonNull(keyUsage, "keyUsage");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
