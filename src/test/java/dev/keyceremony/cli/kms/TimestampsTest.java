package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void isoformat_isPythons_microsecondsOnlyWhenNonZero() {
    assertThat(Timestamps.isoformat(Instant.parse("2024-04-16T19:22:28.668Z"), ZoneOffset.UTC))
        .isEqualTo("2024-04-16T19:22:28.668000+00:00");
    assertThat(Timestamps.isoformat(Instant.parse("2024-04-16T19:22:28Z"), ZoneOffset.UTC))
        .isEqualTo("2024-04-16T19:22:28+00:00");
    assertThat(
            Timestamps.isoformat(Instant.parse("2024-04-16T19:22:28.000000900Z"), ZoneOffset.UTC))
        .isEqualTo("2024-04-16T19:22:28+00:00");
  }

  @Test
  void isoformat_usesTheMachinesZone_asBotocoresTzlocal() {
    Instant t = Instant.parse("2024-01-16T19:22:28.5Z");
    assertThat(Timestamps.isoformat(t, ZoneId.of("Europe/Berlin")))
        .isEqualTo("2024-01-16T20:22:28.500000+01:00");
    assertThat(Timestamps.isoformat(t, ZoneId.of("America/St_Johns")))
        .isEqualTo("2024-01-16T15:52:28.500000-03:30");
  }

  @Test
  void parse_rejectsWhatIsNoTimestamp() {
    assertThat(Timestamps.parse("2021-09-21T19:00:00Z")).isPresent();
    assertThat(Timestamps.parse("tomorrow")).isEmpty();
    assertThat(Timestamps.parse("2021-13-40")).isEmpty();
  }
}
