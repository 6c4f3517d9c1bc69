package dev.keyceremony.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.arch.fixture.ReadsCkaValue;
import dev.keyceremony.core.KeySpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.PKCS11Constants;

/**
 * No production code may read CKA_VALUE or a private key component of a key (DESIGN.md invariant:
 * plaintext key material never leaves the HSM).
 *
 * <p>Why a constant-pool scan and not an ArchUnit rule: the xipki attribute types are {@code static
 * final long} constants, which javac inlines at every use site. A class that calls {@code
 * getAttrValues(h, PKCS11Constants.CKA_VALUE)} keeps no reference to the field, only an {@code
 * ldc2_w 17L} of a CONSTANT_Long in its pool; ArchUnit's field-access rules never see it. So this
 * test reads the constant pool of every production class that talks to the wrapper (mentions {@code
 * org/xipki/} or {@code iaik/}) and fails on a CONSTANT_Long equal to a forbidden attribute type,
 * or on a call of the AttributeVector accessors for those attributes or of {@code
 * Session.getDefaultAttrValues} (which reads everything). The fixture class in test sources proves
 * the scan catches both forms. (A long computed at run time would evade it; a reviewer would see
 * that.)
 */
class NoSecretAttributeReadTest {
  private static final Map<Long, String> FORBIDDEN_ATTRIBUTES =
      Map.of(
          PKCS11Constants.CKA_VALUE, "CKA_VALUE",
          PKCS11Constants.CKA_PRIVATE_EXPONENT, "CKA_PRIVATE_EXPONENT",
          PKCS11Constants.CKA_PRIME_1, "CKA_PRIME_1",
          PKCS11Constants.CKA_PRIME_2, "CKA_PRIME_2",
          PKCS11Constants.CKA_EXPONENT_1, "CKA_EXPONENT_1",
          PKCS11Constants.CKA_EXPONENT_2, "CKA_EXPONENT_2",
          PKCS11Constants.CKA_COEFFICIENT, "CKA_COEFFICIENT");

  private static final List<String> FORBIDDEN_METHOD_PREFIXES =
      List.of(
          "org/xipki/pkcs11/wrapper/AttributeVector.value ()",
          "org/xipki/pkcs11/wrapper/AttributeVector.privateExponent ()",
          "org/xipki/pkcs11/wrapper/AttributeVector.prime1 ()",
          "org/xipki/pkcs11/wrapper/AttributeVector.prime2 ()",
          "org/xipki/pkcs11/wrapper/AttributeVector.exponent1 ()",
          "org/xipki/pkcs11/wrapper/AttributeVector.exponent2 ()",
          "org/xipki/pkcs11/wrapper/AttributeVector.coefficient ()",
          "org/xipki/pkcs11/wrapper/Session.getDefaultAttrValues ");

  @Test
  void productionCode_neverReadsKeyValuesOrPrivateComponents() throws Exception {
    Path root = classesRoot(KeySpec.class);
    List<String> violations = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(root.resolve("dev/keyceremony"))) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        List<String> v = violations(Files.readAllBytes(p));
        if (v != null) {
          scanned++;
          v.forEach(x -> violations.add(root.relativize(p) + ": " + x));
        }
      }
    }
    assertThat(scanned)
        .as("classes that use the PKCS#11 wrapper were found and scanned")
        .isGreaterThan(5);
    assertThat(violations).isEmpty();
  }

  @Test
  void scan_detectsAnInlinedCkaValueAndAnAccessorRead() throws Exception {
    Path root = classesRoot(ReadsCkaValue.class);
    byte[] bytes =
        Files.readAllBytes(
            root.resolve(ReadsCkaValue.class.getName().replace('.', '/') + ".class"));
    assertThat(violations(bytes))
        .anySatisfy(v -> assertThat(v).contains("CKA_VALUE"))
        .anySatisfy(v -> assertThat(v).contains("AttributeVector.value"))
        .anySatisfy(v -> assertThat(v).contains("AttributeVector.privateExponent"));
  }

  /** Null when the class does not use the wrapper; otherwise its violations. */
  private static List<String> violations(byte[] classFile) throws IOException {
    ConstantPool pool = ConstantPool.read(classFile);
    boolean usesWrapper =
        pool.utf8.stream().anyMatch(s -> s.contains("org/xipki/") || s.contains("iaik/"));
    if (!usesWrapper) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Long l : pool.longs) {
      if (FORBIDDEN_ATTRIBUTES.containsKey(l)) {
        out.add("long constant " + l + " = " + FORBIDDEN_ATTRIBUTES.get(l));
      }
    }
    for (String ref : pool.methodRefs) {
      for (String prefix : FORBIDDEN_METHOD_PREFIXES) {
        if (ref.startsWith(prefix)) {
          out.add("calls " + ref);
        }
      }
    }
    return out;
  }

  private static Path classesRoot(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
