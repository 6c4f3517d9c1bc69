package dev.keyceremony.ceremony.script;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** A validated ceremony script. Build it with {@link ScriptParser}. */
public record CeremonyScript(
    Path source,
    String name,
    String purpose,
    Roles roles,
    HsmSection hsm,
    KmsSection kms,
    KeySection key,
    MaterialSection material,
    WrappingSection wrapping,
    ExpirationSection expiration,
    TranscriptSection transcript,
    Acknowledgements acknowledgements) {
  public CeremonyScript {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(hsm, "hsm");
    Objects.requireNonNull(kms, "kms");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(wrapping, "wrapping");
    Objects.requireNonNull(expiration, "expiration");
    Objects.requireNonNull(transcript, "transcript");
  }

  public Optional<Acknowledgements> acknowledgementsGiven() {
    return Optional.ofNullable(acknowledgements);
  }

  public CeremonyScript withTranscriptOut(Path out) {
    return new CeremonyScript(
        source,
        name,
        purpose,
        roles,
        hsm,
        kms,
        key,
        material,
        wrapping,
        expiration,
        new TranscriptSection(out, transcript.signer(), transcript.signerFingerprint()),
        acknowledgements);
  }

  /** The script with another kms section (command-line overrides; recorded by the caller). */
  public CeremonyScript withKms(KmsSection k) {
    return new CeremonyScript(
        source,
        name,
        purpose,
        roles,
        hsm,
        k,
        key,
        material,
        wrapping,
        expiration,
        transcript,
        acknowledgements);
  }

  public CeremonyScript withAcknowledgements(Acknowledgements acks) {
    return new CeremonyScript(
        source,
        name,
        purpose,
        roles,
        hsm,
        kms,
        key,
        material,
        wrapping,
        expiration,
        transcript,
        acks);
  }
}
