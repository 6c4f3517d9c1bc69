package dev.keyceremony.localkms.crypto;

import dev.keyceremony.localkms.api.KmsError;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Decrypts wrapped key material exactly as AWS defines the four algorithms: RSAES-OAEP with SHA-1
 * or SHA-256 (MGF1 with the same hash, empty label), and RSA_AES_KEY_WRAP_SHA_1/256 = OAEP(32-byte
 * AES key) || RFC 5649 KWP(AES key, material), split at the modulus length. Any failure is an
 * InvalidCiphertextException that reveals nothing about where it failed.
 */
public final class Unwrapper {
  private Unwrapper() {}

  public static byte[] unwrap(String algorithm, PrivateKey wrappingKey, byte[] wrapped) {
    int k = (((RSAPrivateKey) wrappingKey).getModulus().bitLength() + 7) / 8;
    return switch (algorithm) {
      case "RSAES_OAEP_SHA_1" -> oaep(wrappingKey, wrapped, false);
      case "RSAES_OAEP_SHA_256" -> oaep(wrappingKey, wrapped, true);
      case "RSA_AES_KEY_WRAP_SHA_1" -> rsaAes(wrappingKey, wrapped, k, false);
      case "RSA_AES_KEY_WRAP_SHA_256" -> rsaAes(wrappingKey, wrapped, k, true);
      default -> throw invalid();
    };
  }

  private static byte[] rsaAes(PrivateKey key, byte[] wrapped, int k, boolean sha256) {
    // The KWP part is at least 16 bytes (one padded block plus the integrity block).
    if (wrapped.length < k + 16) {
      throw invalid();
    }
    byte[] aesKey = oaep(key, Arrays.copyOfRange(wrapped, 0, k), sha256);
    try {
      if (aesKey.length != 32) {
        throw invalid();
      }
      RFC5649WrapEngine engine = new RFC5649WrapEngine(AESEngine.newInstance());
      engine.init(false, new KeyParameter(aesKey));
      return engine.unwrap(wrapped, k, wrapped.length - k);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw invalid();
    } finally {
      Arrays.fill(aesKey, (byte) 0);
    }
  }

  private static byte[] oaep(PrivateKey key, byte[] ciphertext, boolean sha256) {
    try {
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      OAEPParameterSpec params =
          sha256
              ? new OAEPParameterSpec(
                  "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)
              : new OAEPParameterSpec(
                  "SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
      c.init(Cipher.DECRYPT_MODE, key, params);
      return c.doFinal(ciphertext);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalid();
    }
  }

  private static KmsError invalid() {
    return new KmsError(
        "InvalidCiphertextException",
        "The encrypted key material could not be decrypted with the wrapping key and algorithm"
            + " of the import token.");
  }
}
