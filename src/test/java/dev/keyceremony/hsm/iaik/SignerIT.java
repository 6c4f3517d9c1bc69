package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.hsm.SignerKey;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignerIT {
  @ParameterizedTest
  @EnumSource(ItToken.class)
  void signer_isNonExtractableP384_andItsSignaturesVerifyWithJca(ItToken t) throws Exception {
    String label = ItRig.uniqueLabel("signer");
    try (IaikHsm hsm = IaikHsm.open(t.locator());
        Secret pin = t.userPin();
        IaikSession s = (IaikSession) hsm.login(pin)) {
      try {
        SignerKey k = s.createSigner(label);
        assertThat(s.findSigner(label)).contains(k);
        byte[] spki = s.evidence().signerPublicKeySpki(k);
        PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        byte[] data = "{\"seq\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sig = s.evidence().signWithSigner(k, data);
        Signature v = Signature.getInstance("SHA384withECDSA");
        v.initVerify(pub);
        v.update(data);
        assertThat(v.verify(sig)).isTrue();

        List<ObjectInfo> objects = s.listObjects();
        ObjectInfo priv =
            objects.stream()
                .filter(o -> o.label().equals(label) && o.objectClass().equals("CKO_PRIVATE_KEY"))
                .findFirst()
                .orElseThrow();
        assertThat(priv.keyType()).isEqualTo("CKK_EC");
        assertThat(priv.sizeBits()).isEqualTo(384);
        assertThat(priv.attributes().extractable()).isFalse();
        assertThat(priv.attributes().neverExtractable()).isTrue();
        assertThat(priv.attributes().sensitive()).isTrue();

        assertThatThrownBy(() -> s.createSigner(label))
            .extracting(e -> ((HsmException) e).reason())
            .isEqualTo(HsmException.Reason.LABEL_EXISTS);
      } finally {
        s.destroyTokenObjectsLabelled(label);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ItToken.class)
  void anExtractableKeyIsNotAcceptedAsSigner(ItToken t) {
    String label = ItRig.uniqueLabel("not-signer");
    try (IaikHsm hsm = IaikHsm.open(t.locator());
        Secret pin = t.userPin();
        IaikSession s = (IaikSession) hsm.login(pin)) {
      try {
        s.generate(new GenerateRequest(KeySpec.ECC_NIST_P384, label, false));
        assertThatThrownBy(() -> s.findSigner(label))
            .hasMessageContaining("extractable")
            .extracting(e -> ((HsmException) e).reason())
            .isEqualTo(HsmException.Reason.KEY_MISMATCH);
        assertThat(s.findSigner(label + "-absent")).isEmpty();
      } finally {
        s.destroyTokenObjectsLabelled(label);
      }
    }
  }
}
