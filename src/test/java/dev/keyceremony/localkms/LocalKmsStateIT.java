package dev.keyceremony.localkms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * The SQLite state store through the real server and SDK client: every kind of change survives a
 * restart, a commit writes only the rows that changed, expiry noticed by the background sweep is
 * persisted, a directory of the earlier state.json format is migrated, and a database of an unknown
 * schema is refused with a message naming it.
 */
class LocalKmsStateIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void everyKindOfChange_survivesARestart_andACommitWritesOnlyWhatChanged() throws Exception {
    Path dir = tmp.resolve("state");
    MutableClock clock = MutableClock.system();
    String a;
    String b;
    String expiring;
    byte[] material = KmsFixture.random(32);
    try (LocalKms kms = LocalKms.builder().port(0).stateDir(dir).clock(clock).start();
        KmsClient c = KmsFixture.client(kms, "us-east-1")) {
      a = KmsFixture.createExternal(c, KeySpec.SYMMETRIC_DEFAULT, null).keyId();
      KmsFixture.importMaterial(
          c, a, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, material);
      b = c.createKey(r -> r.description("to disable")).keyMetadata().keyId();
      String gone = c.createKey(r -> r.description("to delete")).keyMetadata().keyId();
      c.createAlias(r -> r.aliasName("alias/a").targetKeyId(a));
      c.createAlias(r -> r.aliasName("alias/tmp").targetKeyId(b));
      c.deleteAlias(r -> r.aliasName("alias/tmp"));
      c.disableKey(r -> r.keyId(b));
      c.scheduleKeyDeletion(r -> r.keyId(gone).pendingWindowInDays(7));
      expiring = KmsFixture.createExternal(c, KeySpec.SYMMETRIC_DEFAULT, null).keyId();
      KmsFixture.importExpiring(
          c, expiring, KmsFixture.random(32), Instant.now().plus(Duration.ofHours(1)));
      long before = rowChanges(dir);
      c.describeKey(r -> r.keyId(a));
      c.listKeys();
      assertThat(rowChanges(dir)).as("reads write nothing").isEqualTo(before);
      c.createKey(r -> r.description("one more"));
      // Move KMS time past the expiry and past the deletion date: the sweep persists both.
      clock.advance(Duration.ofDays(8));
      kms.sweep();
    }
    try (LocalKms kms = LocalKms.builder().port(0).stateDir(dir).start();
        KmsClient c = KmsFixture.client(kms, "us-east-1")) {
      var ka = c.describeKey(r -> r.keyId("alias/a")).keyMetadata();
      assertThat(ka.keyId()).isEqualTo(a);
      assertThat(ka.keyState()).isEqualTo(KeyState.ENABLED);
      var blob =
          c.encrypt(r -> r.keyId(a).plaintext(SdkBytes.fromUtf8String("p"))).ciphertextBlob();
      assertThat(c.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("p");
      assertThat(c.describeKey(r -> r.keyId(b)).keyMetadata().keyState())
          .isEqualTo(KeyState.DISABLED);
      assertThat(c.describeKey(r -> r.keyId(expiring)).keyMetadata().keyState())
          .isEqualTo(KeyState.PENDING_IMPORT);
      assertThat(c.listAliases().aliases())
          .extracting(x -> x.aliasName())
          .contains("alias/a")
          .doesNotContain("alias/tmp");
      // a, b, expiring, "one more"; the key scheduled for deletion is gone.
      assertThat(c.listKeys().keys()).hasSize(4);
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve("state.db")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void oneChange_writesOneRow_whateverTheNumberOfKeys() throws Exception {
    Path dir = tmp.resolve("rows");
    try (LocalKms kms = LocalKms.builder().port(0).stateDir(dir).start();
        KmsClient c = KmsFixture.client(kms, "us-east-1")) {
      for (int i = 0; i < 200; i++) {
        c.createKey(r -> r.description("filler"));
      }
      String id = c.createKey(r -> r.description("target")).keyMetadata().keyId();
      long before = rowChanges(dir);
      c.disableKey(r -> r.keyId(id));
      assertThat(rowChanges(dir) - before).as("rows changed by one DisableKey").isEqualTo(1);
      before = rowChanges(dir);
      c.createKey(r -> r.description("one more"));
      assertThat(rowChanges(dir) - before).as("rows changed by one CreateKey").isEqualTo(1);
    }
  }

  @Test
  void legacyStateJson_isMigrated_andItsSealedMaterialStillOpens() throws Exception {
    Path dir = tmp.resolve("legacy");
    Files.createDirectories(dir);
    MasterKey master = MasterKey.random();
    Files.write(dir.resolve("master.key"), master.exportForStorage());
    String account = AccountCredentials.DEFAULT.accountId();
    String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
    String arn = "arn:aws:kms:us-east-1:" + account + ":key/" + keyId;
    byte[] material = KmsFixture.random(32);
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    ObjectNode k = root.putArray("keys").addObject();
    k.put("account", account)
        .put("region", "us-east-1")
        .put("keyId", keyId)
        .put("arn", arn)
        .put("creationDate", 1_700_000_000_000L)
        .put("description", "from state.json")
        .put("keySpec", "SYMMETRIC_DEFAULT")
        .put("keyUsage", "ENCRYPT_DECRYPT")
        .put("origin", "EXTERNAL")
        .put("multiRegion", false)
        .put("state", "Enabled")
        .put(
            "sealedMaterial",
            Base64.getEncoder()
                .encodeToString(master.seal(material, arn.getBytes(StandardCharsets.UTF_8))))
        .put("currentKeyMaterialId", "a".repeat(64))
        .put("expirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE");
    root.putArray("aliases")
        .addObject()
        .put("account", account)
        .put("region", "us-east-1")
        .put("name", "alias/old")
        .put("targetKeyId", keyId)
        .put("creationDate", 1_700_000_000_000L);
    Files.write(dir.resolve("state.json"), JSON.writeValueAsBytes(root));

    try (LocalKms kms = LocalKms.builder().port(0).stateDir(dir).start();
        KmsClient c = KmsFixture.client(kms, "us-east-1")) {
      var m = c.describeKey(r -> r.keyId("alias/old")).keyMetadata();
      assertThat(m.keyId()).isEqualTo(keyId);
      assertThat(m.description()).isEqualTo("from state.json");
      assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
      var blob =
          c.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("old"))).ciphertextBlob();
      assertThat(c.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
          .isEqualTo("old");
      // The same-material rule holds for the migrated key: reimporting the same bytes works.
      KmsFixture.importMaterial(
          c, keyId, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, material);
    }
    assertThat(dir.resolve("state.json")).doesNotExist();
    assertThat(dir.resolve("state.json.migrated")).exists();
    // And again, now from the database alone.
    try (LocalKms kms = LocalKms.builder().port(0).stateDir(dir).start();
        KmsClient c = KmsFixture.client(kms, "us-east-1")) {
      assertThat(c.describeKey(r -> r.keyId("alias/old")).keyMetadata().keyId()).isEqualTo(keyId);
    }
  }

  @Test
  void unknownLegacyVersion_andNewerSchema_areRefusedNamingTheFile() throws Exception {
    Path legacy = tmp.resolve("v9");
    Files.createDirectories(legacy);
    Files.writeString(legacy.resolve("state.json"), "{\"version\": 9, \"keys\": []}");
    assertThatThrownBy(() -> LocalKms.builder().port(0).stateDir(legacy).start())
        .hasMessageContaining("state.json is not a version 1 local KMS state file (version 9)")
        .hasMessageContaining("fresh --state-dir");

    Path newer = tmp.resolve("newer");
    LocalKms.builder().port(0).stateDir(newer).start().close();
    try (Connection db = sqlite(newer);
        Statement s = db.createStatement()) {
      s.execute("UPDATE meta SET value = '99' WHERE name = 'schema'");
    }
    assertThatThrownBy(() -> LocalKms.builder().port(0).stateDir(newer).start())
        .hasMessageContaining("state.db has schema version 99; this local KMS reads version 1");
    // The refusal released the directory lock: a fixed database opens again.
    try (Connection db = sqlite(newer);
        Statement s = db.createStatement()) {
      s.execute("UPDATE meta SET value = '1' WHERE name = 'schema'");
    }
    LocalKms.builder().port(0).stateDir(newer).start().close();
  }

  private static Connection sqlite(Path dir) throws Exception {
    return new org.sqlite.JDBC()
        .connect("jdbc:sqlite:" + dir.resolve("state.db"), new Properties());
  }

  /**
   * Rows the server has inserted, updated or deleted since the first call for this directory:
   * counted by triggers this test adds to the live database (they fire for the server's own
   * connection), so even a rewrite with identical content is seen.
   */
  private static long rowChanges(Path dir) throws Exception {
    try (Connection db = sqlite(dir);
        Statement s = db.createStatement()) {
      s.execute("PRAGMA busy_timeout=5000");
      s.execute("CREATE TABLE IF NOT EXISTS test_writes (n INTEGER NOT NULL)");
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM test_writes")) {
        r.next();
        if (r.getLong(1) == 0) {
          s.execute("INSERT INTO test_writes VALUES (0)");
          for (String table : new String[] {"keys", "aliases"}) {
            for (String event : new String[] {"INSERT", "UPDATE", "DELETE"}) {
              s.execute(
                  "CREATE TRIGGER test_"
                      + table
                      + "_"
                      + event
                      + " AFTER "
                      + event
                      + " ON "
                      + table
                      + " BEGIN UPDATE test_writes SET n = n + 1; END");
            }
          }
        }
      }
      try (ResultSet r = s.executeQuery("SELECT n FROM test_writes")) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
