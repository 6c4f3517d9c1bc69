package dev.keyceremony.kms;

/** Region, endpoint (null for AWS's default) and profile (null for the default chain). */
public record KmsTarget(String region, String endpoint, String profile) {}
