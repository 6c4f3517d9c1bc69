package dev.keyceremony.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package boundaries of DESIGN.md, enforced. */
class ArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyceremony");
  }

  @Test
  void localKms_dependsOnNothingElseInTheProject() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.localkms..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.keyceremony.cli..",
            "dev.keyceremony.ceremony..",
            "dev.keyceremony.hsm..",
            "dev.keyceremony.kms..",
            "dev.keyceremony.transcript..",
            "dev.keyceremony.core..")
        .check(production);
  }

  @Test
  void workflow_knowsNothingOfPicocli() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.workflow..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("picocli..", "dev.keyceremony.cli..")
        .check(production);
  }

  @Test
  void onlyCliUsesTheWorkflow() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.keyceremony.cli..")
        .and()
        .resideOutsideOfPackage("dev.keyceremony.workflow..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.keyceremony.workflow..")
        .check(production);
  }

  @Test
  void onlyCliWiresTheParts() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.keyceremony.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.keyceremony.cli..")
        .check(production);
  }

  @Test
  void hsm_knowsNothingOfAwsOrKmsOrCeremony() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.hsm..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "software.amazon..",
            "dev.keyceremony.kms..",
            "dev.keyceremony.ceremony..",
            "dev.keyceremony.transcript..",
            "dev.keyceremony.localkms..")
        .check(production);
  }

  @Test
  void kms_knowsNothingOfPkcs11OrHsmOrCeremony() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.kms..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "iaik..",
            "org.xipki..",
            "sun.security.pkcs11..",
            "dev.keyceremony.hsm..",
            "dev.keyceremony.ceremony..",
            "dev.keyceremony.transcript..",
            "dev.keyceremony.localkms..")
        .check(production);
  }

  @Test
  void transcript_knowsNothingOfHsmOrKms() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.transcript..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "iaik..",
            "org.xipki..",
            "software.amazon..",
            "dev.keyceremony.hsm..",
            "dev.keyceremony.kms..",
            "dev.keyceremony.ceremony..",
            "dev.keyceremony.localkms..")
        .check(production);
  }

  @Test
  void ceremony_usesPortsNotVendorLibrariesOrAdapters() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.ceremony..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "iaik..",
            "org.xipki..",
            "software.amazon..",
            "dev.keyceremony.hsm.iaik..",
            "dev.keyceremony.kms.sdk..",
            "dev.keyceremony.localkms..")
        .check(production);
  }

  @Test
  void pkcs11WrapperTypes_stayInsideTheIaikAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.keyceremony.hsm.iaik..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("iaik..", "org.xipki..")
        .check(production);
  }

  /**
   * cli reaches KMS through the kms port only: {@code ceremony kms} gets {@code kms.AwsCliKms} from
   * the composition root ({@code workflow.KmsConnector.awsCli()}), never the SDK adapter itself.
   */
  @Test
  void cli_reachesKmsThroughThePortOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.keyceremony.kms.sdk..", "dev.keyceremony.hsm.iaik..")
        .check(production);
  }

  @Test
  void awsSdkTypes_stayInsideTheKmsAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.keyceremony.kms.sdk..")
        .and()
        .resideOutsideOfPackage("dev.keyceremony.localkms..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon.awssdk..")
        .check(production);
  }

  @Test
  void core_dependsOnNoOtherPart() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.keyceremony.cli..",
            "dev.keyceremony.ceremony..",
            "dev.keyceremony.hsm..",
            "dev.keyceremony.kms..",
            "dev.keyceremony.transcript..",
            "dev.keyceremony.localkms..")
        .check(production);
  }

  /**
   * SSHSIG verification is pure: the JDK only, no I/O, so an auditor can read it in one sitting.
   */
  @Test
  void sshsig_usesOnlyTheJdkAndDoesNoIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyceremony.core.sshsig..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "java.lang..",
            "java.math..",
            "java.nio.charset..",
            "java.security..",
            "java.util..",
            "dev.keyceremony.core.sshsig..")
        .check(production);
  }

  /**
   * One name, one class: two top-level classes with the same simple name (there were two KeyRules,
   * one per script section group and one in the local KMS) send a reader to the wrong file.
   */
  @Test
  void topLevelClassNames_areUnique() {
    java.util.Map<String, java.util.List<String>> byName = new java.util.TreeMap<>();
    for (com.tngtech.archunit.core.domain.JavaClass c : production) {
      if (c.isTopLevelClass() && !c.getSimpleName().equals("package-info")) {
        byName
            .computeIfAbsent(c.getSimpleName(), k -> new java.util.ArrayList<>())
            .add(c.getName());
      }
    }
    byName.values().removeIf(l -> l.size() < 2);
    org.assertj.core.api.Assertions.assertThat(byName)
        .as("top-level classes sharing a name")
        .isEmpty();
  }
}
