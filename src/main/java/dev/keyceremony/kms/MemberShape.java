package dev.keyceremony.kms;

import java.util.List;
import java.util.Objects;

/**
 * One member of a KMS request or response: PascalCase name, kind, whether the API requires it, and
 * for lists the element shape, for maps the value shape, for structures their members.
 */
public record MemberShape(
    String name, Kind kind, boolean required, MemberShape element, List<MemberShape> members) {
  /** The wire kinds the KMS model uses. */
  public enum Kind {
    STRING,
    INTEGER,
    LONG,
    DOUBLE,
    BOOLEAN,
    TIMESTAMP,
    BLOB,
    LIST,
    MAP,
    STRUCTURE,
    OTHER
  }

  public MemberShape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    members = members == null ? List.of() : List.copyOf(members);
  }
}
