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
 * Everything a ceremony runs with: the validated script, a logged-in HSM session, a KMS client, the
 * journal (transcript), the participants, a clock, a random source for challenges, a PIN reader for
 * the SO PIN in trusted mode, and environment facts (tool, jar, JVM, OS, signer) for the first
 * transcript entry, and the run's control (ID, bundle, stop request, resumption).
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
    Map<String, Object> environment,
    CeremonyControl control) {
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
    Objects.requireNonNull(control, "control");
  }

  /** A fresh run that nothing stops, recorded under ceremony ID {@code "test"} (tests). */
  public CeremonyContext(
      CeremonyScript script,
      HsmSession hsm,
      Kms kms,
      Journal journal,
      Participants participants,
      Clock clock,
      SecureRandom random,
      Function<PinSource, Secret> pinReader,
      Map<String, Object> environment) {
    this(
        script,
        hsm,
        kms,
        journal,
        participants,
        clock,
        random,
        pinReader,
        environment,
        CeremonyControl.fresh(script.name() + "-test", script.transcript().out().toString()));
  }

  /** The same context with another KMS client (the recording decorator). */
  CeremonyContext withKms(Kms other) {
    return new CeremonyContext(
        script, hsm, other, journal, participants, clock, random, pinReader, environment, control);
  }
}
