package dev.keyceremony.hsm;

/** The security attributes of a target key as the token reports them. Null means not reported. */
public record SecurityAttributes(
    Boolean sensitive,
    Boolean extractable,
    Boolean alwaysSensitive,
    Boolean neverExtractable,
    Boolean local,
    Boolean wrapWithTrusted,
    Boolean privateObject,
    Boolean token) {}
