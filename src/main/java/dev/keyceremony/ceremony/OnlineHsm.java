package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.KeyEvidence;
import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.hsm.SecurityAttributes;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.TokenFacts;
import dev.keyceremony.hsm.WrapProof;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.hsm.WrappingKey;
import java.util.List;
import java.util.Optional;

/**
 * The HSM of an online phase ({@code prepare}, {@code import}) of an air-gapped ceremony: there is
 * none, and no PKCS#11 module is loaded. Every call fails loudly.
 */
public final class OnlineHsm implements HsmSession {
  private final String phase;

  public OnlineHsm(String phase) {
    this.phase = phase;
  }

  private IllegalStateException refuse(String op) {
    return new IllegalStateException(
        "the online phase '"
            + phase
            + "' uses no HSM ("
            + op
            + " asked for); this is a bug in the phase");
  }

  @Override
  public TokenFacts facts() {
    throw refuse("facts");
  }

  @Override
  public SelfTestReport selfTest(WrappingKeySpec wrappingKeySpec) {
    throw refuse("selfTest");
  }

  @Override
  public WrapProof proveWrap(KeySpec spec, WrappingAlgorithm algorithm, WrappingKeySpec wks) {
    throw refuse("proveWrap");
  }

  @Override
  public Optional<String> trustedWrapObstacle(KeySpec spec, WrappingAlgorithm algorithm) {
    throw refuse("trustedWrapObstacle");
  }

  @Override
  public TargetKey generate(GenerateRequest request) {
    throw refuse("generate");
  }

  @Override
  public Optional<TargetKey> findTarget(String label, KeySpec expectedSpec) {
    throw refuse("findTarget");
  }

  @Override
  public WrappingKey importWrappingKey(byte[] spkiDer) {
    throw refuse("importWrappingKey");
  }

  @Override
  public WrappingKey importTrustedWrappingKey(byte[] spkiDer, Secret soPin) {
    throw refuse("importTrustedWrappingKey");
  }

  @Override
  public WrapResult wrap(TargetKey target, WrappingKey wrappingKey, WrappingAlgorithm algorithm) {
    throw refuse("wrap");
  }

  @Override
  public KeyEvidence evidence() {
    throw refuse("evidence");
  }

  @Override
  public SecurityAttributes securityAttributes(TargetKey target) {
    throw refuse("securityAttributes");
  }

  @Override
  public List<ObjectInfo> listObjects() {
    throw refuse("listObjects");
  }

  @Override
  public SignerKey createSigner(String label) {
    throw refuse("createSigner");
  }

  @Override
  public Optional<SignerKey> findSigner(String label) {
    throw refuse("findSigner");
  }

  @Override
  public int destroyTarget(TargetKey target) {
    throw refuse("destroyTarget");
  }

  @Override
  public void destroy(WrappingKey wrappingKey) {
    throw refuse("destroy");
  }

  @Override
  public void close() {
    // nothing was opened
  }
}
