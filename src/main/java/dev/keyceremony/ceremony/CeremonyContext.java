package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.kms.Kms;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything a ceremony runs with: the validated script, a logged-in HSM session, a KMS client,
 * the journal (transcript), the participants, a clock, a random source for challenges, a PIN
 * reader for the SO PIN in trusted mode, and environment facts (tool, jar, JVM, OS, signer) for
 * the first transcript entry.
 */
public record CeremonyContext(
    CeremonyScript script,
    HsmSession hsm,
    Kms kms,
    Journal journal,
    Participants participants,
    Clock clock,
    SecureRandom random,
    Function<PinSource, Secret> pinReader,
    Map<String, Object> environment) {
  public CeremonyContext {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(hsm, "hsm");
    Objects.requireNonNull(kms, "kms");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(participants, "participants");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(pinReader, "pinReader");
    environment = Map.copyOf(environment);
  }
}
