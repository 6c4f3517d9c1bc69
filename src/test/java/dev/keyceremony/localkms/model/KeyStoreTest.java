package dev.keyceremony.localkms.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.localkms.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyStoreTest {
  @Test
  void sweep_dropsExpiredMaterialWithoutAnyAccess_andPersists() {
    MutableClock clock =
        new MutableClock(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), Duration.ZERO);
    AtomicInteger saves = new AtomicInteger();
    KeyStore store = new KeyStore(clock, s -> saves.incrementAndGet());
    KeyRecord k = new KeyRecord();
    k.account = "111122223333";
    k.region = "us-east-1";
    k.keyId = "k";
    k.arn = KeyStore.keyArn(k.region, k.account, k.keyId);
    k.keySpec = "SYMMETRIC_DEFAULT";
    k.origin = "EXTERNAL";
    k.state = KeyState.Enabled;
    k.material = new byte[32];
    k.currentKeyMaterialId = "a".repeat(64);
    k.expirationModel = "KEY_MATERIAL_EXPIRES";
    k.validTo = clock.instant().plusSeconds(60).toEpochMilli();
    store.put(k);
    store.commitIfDirty();
    assertThat(saves).hasValue(1);

    clock.advance(Duration.ofSeconds(59));
    store.sweep();
    store.commitIfDirty();
    assertThat(k.state).isEqualTo(KeyState.Enabled);
    assertThat(saves).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    store.sweep();
    store.commitIfDirty();
    assertThat(k.state).isEqualTo(KeyState.PendingImport);
    assertThat(k.material).isNull();
    assertThat(k.expirationModel).isNull();
    assertThat(k.validTo).isNull();
    assertThat(k.currentKeyMaterialId).isEqualTo("a".repeat(64));
    assertThat(k.toString()).contains("material=absent");
    assertThat(saves).hasValue(2);
  }
}
