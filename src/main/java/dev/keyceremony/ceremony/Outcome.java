package dev.keyceremony.ceremony;

import java.util.List;

/**
 * How a ceremony ended. On success the key and material facts; on failure the step, the cause code,
 * and a message that names the cause and the fix.
 */
public record Outcome(
    boolean succeeded,
    String keyId,
    String keyArn,
    String keyMaterialId,
    String algorithm,
    String failedStep,
    String causeCode,
    String message,
    List<String> proofStatements) {
  public Outcome {
    proofStatements = List.copyOf(proofStatements);
  }
}
