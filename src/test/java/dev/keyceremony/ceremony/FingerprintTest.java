package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void wordList_isBip39English() throws IOException {
    try (InputStream in =
        Fingerprint.class.getResourceAsStream("/dev/keyceremony/ceremony/bip39-english.txt")) {
      // BIP-39's published SHA-256 of english.txt.
      assertThat(Fingerprint.sha256Hex(in.readAllBytes()))
          .isEqualTo("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
    }
  }

  @Test
  void bip39_matchesOfficialTestVectors() {
    byte[] zeros = new byte[32];
    assertThat(String.join(" ", Fingerprint.bip39(zeros)))
        .isEqualTo(String.join(" ", Collections.nCopies(23, "abandon")) + " art");
    byte[] ff = new byte[32];
    Arrays.fill(ff, (byte) 0xff);
    assertThat(String.join(" ", Fingerprint.bip39(ff)))
        .isEqualTo(String.join(" ", Collections.nCopies(23, "zoo")) + " vote");
    byte[] v = HexFormat.of().parseHex("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f");
    assertThat(String.join(" ", Fingerprint.bip39(v)))
        .isEqualTo("legal winner thank year wave sausage worth useful legal winner thank yellow");
  }

  @Test
  void of_hashesTheSpki() {
    Fingerprint f = Fingerprint.of("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(f.hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(f.words()).hasSize(24);
    assertThat(f.groupedHex()).startsWith("ba78 16bf 8f01");
  }
}
