package dev.keyceremony.core.sshsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures made by the real {@code ssh-keygen -Y sign}, verified in Java. */
class SshSigVerifierTest {
  private static final String NS = "kms-key-ceremony";
  private static final byte[] MESSAGE =
      "approval-id: 1234\nscript-sha256: ab\n".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  private static Path message;
  private static final Map<String, Path> KEYS = new LinkedHashMap<>();

  @BeforeAll
  static void keys() throws Exception {
    message = dir.resolve("request.txt");
    Files.write(message, MESSAGE);
    KEYS.put("ed25519", SshKeygen.generate(dir, "ed25519", "ed25519", 0));
    KEYS.put("ecdsa256", SshKeygen.generate(dir, "ecdsa256", "ecdsa", 256));
    KEYS.put("ecdsa384", SshKeygen.generate(dir, "ecdsa384", "ecdsa", 384));
    KEYS.put("ecdsa521", SshKeygen.generate(dir, "ecdsa521", "ecdsa", 521));
    KEYS.put("rsa3072", SshKeygen.generate(dir, "rsa3072", "rsa", 3072));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa3072"})
  void verify_sshKeygenSignature_sha512_accepted(String name) {
    Path key = KEYS.get(name);
    SshSignature sig = SshSignature.parseArmored(SshKeygen.sign(key, NS, message));
    SshSigVerifier.Verified v = SshSigVerifier.verify(sig, MESSAGE, NS);
    SshPublicKey roster = SshPublicKey.parseLine(SshKeygen.publicLine(key));
    assertThat(v.key().sameKey(roster)).isTrue();
    assertThat(v.hashAlgorithm()).isEqualTo("sha512");
    assertThat(roster.comment()).isEqualTo(name);
    if (name.startsWith("rsa")) {
      assertThat(v.signatureAlgorithm()).isEqualTo("rsa-sha2-512");
    }
    assertThat(v.skFlags()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa384", "rsa3072"})
  void verify_sshKeygenSignature_sha256_accepted(String name) {
    SshSignature sig =
        SshSignature.parseArmored(SshKeygen.sign(KEYS.get(name), NS, message, "hashalg=sha256"));
    assertThat(SshSigVerifier.verify(sig, MESSAGE, NS).hashAlgorithm()).isEqualTo("sha256");
  }

  @Test
  void fingerprint_matchesSshKeygenL() throws Exception {
    Path key = KEYS.get("ecdsa256");
    Process p = new ProcessBuilder("ssh-keygen", "-l", "-f", key + ".pub").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    assertThat(out.split(" ")[1])
        .isEqualTo(SshPublicKey.parseLine(SshKeygen.publicLine(key)).fingerprint());
  }

  @Test
  void verify_otherNamespace_refusedAsNamespace() {
    SshSignature sig =
        SshSignature.parseArmored(SshKeygen.sign(KEYS.get("ed25519"), "git", message));
    assertThatThrownBy(() -> SshSigVerifier.verify(sig, MESSAGE, NS))
        .isInstanceOf(SshSigException.class)
        .hasMessageContaining("signed for namespace 'git', not 'kms-key-ceremony'")
        .extracting(e -> ((SshSigException) e).reason())
        .isEqualTo(SshSigException.Reason.NAMESPACE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa521", "rsa3072"})
  void verify_otherBytes_refusedAsBadSignature(String name) {
    SshSignature sig = SshSignature.parseArmored(SshKeygen.sign(KEYS.get(name), NS, message));
    byte[] other = MESSAGE.clone();
    other[other.length - 2] ^= 1;
    assertThatThrownBy(() -> SshSigVerifier.verify(sig, other, NS))
        .extracting(e -> ((SshSigException) e).reason())
        .isEqualTo(SshSigException.Reason.BAD_SIGNATURE);
  }

  @Test
  void parse_truncatedArmor_refusedAsArmor() {
    String text = SshKeygen.sign(KEYS.get("ed25519"), NS, message);
    String noEnd = text.substring(0, text.indexOf("-----END"));
    assertThatThrownBy(() -> SshSignature.parseArmored(noEnd))
        .hasMessageContaining("truncated")
        .extracting(e -> ((SshSigException) e).reason())
        .isEqualTo(SshSigException.Reason.ARMOR);
    // Lines lost in the middle, END line kept (a partial paste).
    String[] lines = text.split("\n");
    String cut = lines[0] + "\n" + lines[1] + "\n" + lines[lines.length - 1] + "\n";
    assertThatThrownBy(() -> SshSignature.parseArmored(cut))
        .extracting(e -> ((SshSigException) e).reason())
        .isEqualTo(SshSigException.Reason.ARMOR);
    assertThatThrownBy(() -> SshSignature.parseArmored(text.substring(20)))
        .hasMessageContaining("does not start with -----BEGIN SSH SIGNATURE-----");
  }

  @Test
  void parse_corruptedArmor_refusedAsArmorOrBadSignature() {
    String text = SshKeygen.sign(KEYS.get("ecdsa256"), NS, message);
    String notBase64 = text.replaceFirst("\n(.)", "\n!");
    assertThatThrownBy(() -> SshSignature.parseArmored(notBase64))
        .hasMessageContaining("base64")
        .extracting(e -> ((SshSigException) e).reason())
        .isEqualTo(SshSigException.Reason.ARMOR);
    // A valid base64 character changed near the end (inside the signature value).
    int at = text.indexOf("-----END") - 10;
    char c = text.charAt(at);
    String flipped = text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
    assertThatThrownBy(() -> SshSigVerifier.verify(SshSignature.parseArmored(flipped), MESSAGE, NS))
        .isInstanceOf(SshSigException.class);
  }

  @Test
  void parseLine_smallRsaKey_refused() {
    Path small = SshKeygen.generate(dir, "rsa1024", "rsa", 1024);
    assertThatThrownBy(() -> SshPublicKey.parseLine(SshKeygen.publicLine(small)))
        .hasMessageContaining("RSA key of 1024 bits; at least 2048 are required");
  }

  @Test
  void parseLine_badInput_namesTheProblem() {
    assertThatThrownBy(() -> SshPublicKey.parseLine("ssh-dss AAAAB3NzaC1kc3M= old"))
        .hasMessageContaining(
            "SSH public key type 'ssh-dss' is not accepted; accepted:"
                + " ssh-ed25519, ecdsa-sha2-nistp256");
    assertThatThrownBy(() -> SshPublicKey.parseLine("ssh-ed25519"))
        .hasMessageContaining("has no base64 part");
    String ed = SshKeygen.publicLine(KEYS.get("ed25519"));
    assertThatThrownBy(
            () -> SshPublicKey.parseLine(ed.replace("ssh-ed25519", "ecdsa-sha2-nistp256")))
        .hasMessageContaining(
            "line says 'ecdsa-sha2-nistp256' but the" + " key inside is 'ssh-ed25519'");
    assertThatThrownBy(() -> SshPublicKey.parseLine(ed.substring(0, 40)))
        .isInstanceOf(SshSigException.class);
  }
}
