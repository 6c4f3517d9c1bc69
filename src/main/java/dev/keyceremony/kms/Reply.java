package dev.keyceremony.kms;

/** A KMS result with the request ID that AWS (or the local KMS) gave it. */
public record Reply<T>(T value, String requestId) {}
