package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adapter's public surface (what cli wires) carries no AWS SDK type, so callers never depend on
 * the SDK; the architecture test checks dependencies, this checks signatures.
 */
class PublicApiTest {
  private static final List<Class<?>> PUBLIC =
      List.of(
          SdkKms.class,
          SdkKmsConfig.class,
          SdkKmsConfig.Builder.class,
          SdkKmsConfig.Retries.class,
          AwsSettings.class,
          KmsOperations.class,
          Redaction.class);

  @Test
  void publicSignatures_mentionNoSdkType() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : PUBLIC) {
      List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
      members.addAll(List.of(c.getDeclaredConstructors()));
      for (Executable e : members) {
        if (!Modifier.isPublic(e.getModifiers())) {
          continue;
        }
        List<Type> types = new ArrayList<>(List.of(e.getGenericParameterTypes()));
        if (e instanceof Method m) {
          types.add(m.getGenericReturnType());
        }
        for (Type t : types) {
          if (t.getTypeName().contains("software.amazon")) {
            leaks.add(c.getSimpleName() + "." + e.getName() + ": " + t.getTypeName());
          }
        }
        if (e instanceof Constructor<?> && c == SdkKms.class) {
          leaks.add("SdkKms has a public constructor");
        }
      }
    }
    assertThat(leaks).isEmpty();
  }
}
