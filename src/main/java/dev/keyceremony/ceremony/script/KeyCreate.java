package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.KeySpec;
import java.util.Map;
import java.util.Objects;

/** CreateKey with Origin EXTERNAL. {@code alias} and {@code description} may be null. */
public record KeyCreate(
    KeySpec spec,
    String usage,
    String description,
    String alias,
    Map<String, String> tags,
    boolean multiRegion) {
  public KeyCreate {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(usage, "usage");
    tags = Map.copyOf(tags);
  }
}
