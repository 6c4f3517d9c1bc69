package dev.keyceremony.kms;

/** ImportKeyMaterial's answer: key ARN and KeyMaterialId (null when KMS returns none). */
public record ImportOutcome(String keyArn, String keyMaterialId) {}
