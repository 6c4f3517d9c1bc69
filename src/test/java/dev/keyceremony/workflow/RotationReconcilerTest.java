package dev.keyceremony.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.ceremony.FakeKms;
import dev.keyceremony.kms.KeyMaterialInfo;
import dev.keyceremony.kms.Reply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The open intents of a rotation are reconciled through the key's materials, not its state (an
 * Enabled key says nothing about whether new material arrived or became current).
 */
class RotationReconcilerTest {
  static final String OLD = "a".repeat(64);
  static final String NEW = "b".repeat(64);

  /** A KMS whose ListKeyRotations answers what the test sets. */
  static final class ListingKms extends FakeKms {
    final List<KeyMaterialInfo> listing = new ArrayList<>();

    ListingKms() {
      super(Clock.systemUTC());
    }

    @Override
    public Reply<List<KeyMaterialInfo>> listKeyMaterials(String keyId) {
      return new Reply<>(List.copyOf(listing), "req-1");
    }
  }

  static KeyMaterialInfo m(String id, String state) {
    return new KeyMaterialInfo(
        id, null, "IMPORTED", state, "KEY_MATERIAL_DOES_NOT_EXPIRE", null, null);
  }

  private static ObjectNode handle(String... kv) {
    ObjectNode h = new ObjectMapper().createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      h.put(kv[i], kv[i + 1]);
    }
    return h;
  }

  private static Map<String, Object> reconcile(ListingKms kms, String action, ObjectNode h) {
    return new Reconciler(kms, new dev.keyceremony.ceremony.FakeHsmSession())
        .reconcile(new CeremonyRecord.Intent(7, action, "wrap-import", h));
  }

  @Test
  void newMaterialImport_doneOnlyWhenAnotherMaterialIsListed() {
    ListingKms kms = new ListingKms();
    ObjectNode h =
        handle("keyId", "k1", "importType", "NEW_KEY_MATERIAL", "previousKeyMaterialId", OLD);
    kms.listing.add(m(OLD, "CURRENT"));
    assertThat(reconcile(kms, "kms:ImportKeyMaterial", h)).containsEntry("status", "not-done");
    kms.listing.add(m(NEW, "PENDING_ROTATION"));
    Map<String, Object> r = reconcile(kms, "kms:ImportKeyMaterial", h);
    assertThat(r).containsEntry("status", "done").containsEntry("keyMaterialId", NEW);
    // Rotated meanwhile (the process died after the import and a rotation by hand).
    kms.listing.clear();
    kms.listing.addAll(List.of(m(OLD, "NON_CURRENT"), m(NEW, "CURRENT")));
    assertThat(reconcile(kms, "kms:ImportKeyMaterial", h)).containsEntry("keyMaterialId", NEW);
  }

  @Test
  void rotateKeyOnDemand_doneWhenTheNewMaterialIsCurrent() {
    ListingKms kms = new ListingKms();
    ObjectNode h = handle("keyId", "k1", "keyMaterialId", NEW);
    kms.listing.addAll(List.of(m(OLD, "CURRENT"), m(NEW, "PENDING_ROTATION")));
    Map<String, Object> before = new LinkedHashMap<>(reconcile(kms, "kms:RotateKeyOnDemand", h));
    assertThat(before).containsEntry("status", "not-done");
    assertThat((String) before.get("found")).contains("PENDING_ROTATION");
    kms.listing.clear();
    kms.listing.addAll(List.of(m(OLD, "NON_CURRENT"), m(NEW, "CURRENT")));
    assertThat(reconcile(kms, "kms:RotateKeyOnDemand", h)).containsEntry("status", "done");
  }
}
