package dev.keyceremony.hsm;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import java.util.List;
import java.util.Optional;

/**
 * A logged-in user session on the token. Every operation on a target key happens inside the token;
 * none returns plaintext material. Closing destroys the session objects it created.
 */
public interface HsmSession extends AutoCloseable {
  TokenFacts facts();

  /**
   * Mechanism self-test for every KMS wrapping algorithm: wraps a throwaway session key under a
   * software-generated RSA key of {@code wrappingKeySpec}, decrypts it in software and compares
   * with an in-token check value.
   */
  SelfTestReport selfTest(WrappingKeySpec wrappingKeySpec);

  /**
   * Trial wrap for one kind of material: wraps a throwaway SESSION object of {@code spec}'s kind
   * (never a token object) with {@code algorithm} under a software RSA key of {@code
   * wrappingKeySpec}, recovers it in software and compares it with the token's check value, HMAC or
   * public key. Run before any KMS side effect, so that a wrap the token cannot do stops the
   * ceremony before CreateKey.
   */
  WrapProof proveWrap(KeySpec spec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec);

  /**
   * Trusted mode (CKA_WRAP_WITH_TRUSTED material under a CKA_TRUSTED wrapping key): why this token
   * cannot wrap {@code spec} material with {@code algorithm} that way, or empty when it can. A
   * trial wrap does not show it (its throwaway object is not wrap-with-trusted), so preflight asks
   * this before any KMS side effect. The answer names the cause in token terms, never a PIN.
   */
  Optional<String> trustedWrapObstacle(KeySpec spec, WrappingAlgorithm algorithm);

  /**
   * Trusted mode as a whole: why this token cannot do it at all (for example, no Security Officer
   * who could create a CKA_TRUSTED wrapping key), or empty. Asked by preflight before any KMS side
   * effect.
   */
  default Optional<String> trustedModeObstacle() {
    return Optional.empty();
  }

  /**
   * Generates key material as a persistent token object with a new unique label and CKA_ID.
   *
   * @throws HsmException {@code LABEL_EXISTS} when an object with that label already exists
   */
  TargetKey generate(GenerateRequest request);

  /** Finds the existing target key with this label (for a reimport). */
  Optional<TargetKey> findTarget(String label, KeySpec expectedSpec);

  /**
   * Imports a KMS wrapping public key (DER SubjectPublicKeyInfo, RSA 2048/3072/4096) as a session
   * object.
   */
  WrappingKey importWrappingKey(byte[] spkiDer);

  /**
   * Trusted mode: the Security Officer creates the wrapping key as a public CKA_TRUSTED session
   * object; the user is logged out first and back in afterwards (SoftHSM refuses SO and user at
   * once).
   */
  WrappingKey importTrustedWrappingKey(byte[] spkiDer, Secret soPin);

  /** Wraps the target inside the token in exactly the format KMS expects for {@code algorithm}. */
  WrapResult wrap(TargetKey target, WrappingKey wrappingKey, WrappingAlgorithm algorithm);

  /** In-token evidence for a target key: check values, MAC, public key, signature, attributes. */
  KeyEvidence evidence();

  SecurityAttributes securityAttributes(TargetKey target);

  /** Labels, IDs, types and security attributes of the token's objects (never values). */
  List<ObjectInfo> listObjects();

  /** Creates a non-extractable EC P-384 transcript-signing key pair as token objects. */
  SignerKey createSigner(String label);

  Optional<SignerKey> findSigner(String label);

  /**
   * Destroys key material: every token object with the target's label and CKA_ID (the secret key,
   * or both halves of a key pair). Only {@code abandon} calls it, for material that no KMS key
   * received; returns how many objects were destroyed.
   */
  int destroyTarget(TargetKey target);

  /** Destroys a session object this session created (wrapping keys); token objects are kept. */
  void destroy(WrappingKey wrappingKey);

  @Override
  void close();
}
