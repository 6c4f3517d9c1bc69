package dev.keyceremony.core.sshsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The FIDO types, from committed vectors in src/test/resources/sshsig/. No security key is
 * available to a build, so {@link SkVectorGenerator} made them with a software key in place of the
 * authenticator, following PROTOCOL.u2f and PROTOCOL.sshsig. They are not just this verifier's own
 * view of the spec: each test here also has stock {@code ssh-keygen -Y verify} accept the same
 * files.
 */
class SkVectorsTest {
  private static final String NS = "kms-key-ceremony";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sk-ed25519", "sk-ecdsa"})
  void verify_committedVector_acceptedByJavaAndBySshKeygen(String name) throws Exception {
    byte[] message = resource("sk-message.txt");
    String pub = new String(resource(name + ".pub"), StandardCharsets.UTF_8).trim();
    SshSignature sig =
        SshSignature.parseArmored(new String(resource(name + ".sig"), StandardCharsets.US_ASCII));
    SshSigVerifier.Verified v = SshSigVerifier.verify(sig, message, NS);
    assertThat(v.key().sameKey(SshPublicKey.parseLine(pub))).isTrue();
    assertThat(v.key().application()).isEqualTo("ssh:");
    assertThat(v.skFlags() & 1).isEqualTo(1);
    assertThat(v.skCounter()).isEqualTo(name.equals("sk-ed25519") ? 42L : 7L);
    assertThat(sshKeygenVerify(name, pub, message).exitCode()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sk-ed25519", "sk-ecdsa"})
  void verify_committedVector_otherBytes_refusedByJavaAndBySshKeygen(String name) throws Exception {
    byte[] other = "something else\n".getBytes(StandardCharsets.UTF_8);
    String pub = new String(resource(name + ".pub"), StandardCharsets.UTF_8).trim();
    SshSignature sig =
        SshSignature.parseArmored(new String(resource(name + ".sig"), StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> SshSigVerifier.verify(sig, other, NS))
        .extracting(e -> ((SshSigException) e).reason())
        .isEqualTo(SshSigException.Reason.BAD_SIGNATURE);
    assertThat(sshKeygenVerify(name, pub, other).exitCode()).isNotZero();
  }

  /** ssh-keygen accepts a signature without the touch flag; an approval does not. */
  @Test
  void verify_withoutUserPresence_refused() throws Exception {
    SshSignature sig =
        SshSignature.parseArmored(
            new String(resource("sk-ed25519-no-touch.sig"), StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> SshSigVerifier.verify(sig, resource("sk-message.txt"), NS))
        .hasMessageContaining("signed without user presence (flags 0x0)")
        .extracting(e -> ((SshSigException) e).reason())
        .isEqualTo(SshSigException.Reason.NO_USER_PRESENCE);
  }

  /** rsa-sha2-256 (ssh-keygen signs RSA only with rsa-sha2-512): Java-made, ssh-keygen-checked. */
  @Test
  void verify_rsaSha256_acceptedByJavaAndBySshKeygen() throws Exception {
    byte[] message = resource("sk-message.txt");
    String[] v = SkVectorGenerator.rsaSha256(message);
    SshSigVerifier.Verified ok =
        SshSigVerifier.verify(SshSignature.parseArmored(v[1]), message, NS);
    assertThat(ok.signatureAlgorithm()).isEqualTo("rsa-sha2-256");
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(allowed, "vector " + v[0] + "\n");
    Path sig = dir.resolve("rsa.sig");
    Files.writeString(sig, v[1]);
    Path msg = dir.resolve("message");
    Files.write(msg, message);
    assertThat(SshKeygen.verify(allowed, "vector", NS, sig, msg).exitCode()).isZero();
  }

  private SshKeygen.Result sshKeygenVerify(String name, String pub, byte[] message)
      throws IOException {
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(allowed, "vector " + pub + "\n");
    Path sig = dir.resolve(name + ".sig");
    Files.write(sig, resource(name + ".sig"));
    Path msg = dir.resolve("message");
    Files.write(msg, message);
    return SshKeygen.verify(allowed, "vector", NS, sig, msg);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SkVectorsTest.class.getResourceAsStream("/sshsig/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource /sshsig/" + name);
      }
      return in.readAllBytes();
    }
  }
}
