package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.transcript.TranscriptWriter;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * What a ceremony or a batch holds while it writes its bundle: the HSM, logged in, with the
 * transcript signer; KMS; and the bundle's writer. {@link #open} continues a verified bundle
 * ({@code resume}, {@code abandon}: the signer must be line 1's, the writer is positioned after the
 * last entry); {@link CeremonyRunner#openNew} starts a new one ({@code run}). Closing it closes the
 * writer, then KMS, then the HSM.
 */
final class BundleSession implements AutoCloseable {
  final HsmConnector.Connection hsm;
  final HsmTranscriptSigner signer;
  final OpenedKms kms;
  final TranscriptWriter writer;

  BundleSession(
      HsmConnector.Connection hsm,
      HsmTranscriptSigner signer,
      OpenedKms kms,
      TranscriptWriter writer) {
    this.hsm = hsm;
    this.signer = signer;
    this.kms = kms;
    this.writer = writer;
  }

  /**
   * Opens the HSM of {@code s}, checks that its signer is the one that signed line 1 of {@code b},
   * opens KMS and resumes the bundle's writer.
   *
   * @throws BundleOpener.Refusal when the HSM cannot be used or its signer is not line 1's; nothing
   *     was touched, and its message says so
   */
  static BundleSession open(
      BundleOpener.Read b,
      CeremonyScript s,
      String command,
      BooleanSupplier stopRequested,
      Clock clock) {
    HsmConnector.Connection hsm;
    try {
      hsm = HsmConnector.connect(s.hsm());
    } catch (HsmException | IllegalArgumentException e) {
      throw new BundleOpener.Refusal(
          ExitStatus.SETUP_FAILED, command + ": HSM: " + e.getMessage() + "; nothing was touched");
    }
    OpenedKms kms = null;
    try {
      HsmTranscriptSigner ts =
          new HsmTranscriptSigner(hsm.session().evidence(), BundleOpener.signer(hsm, b, command));
      kms = KmsConnector.forCeremony(s.kms(), stopRequested);
      return new BundleSession(hsm, ts, kms, TranscriptWriter.resume(b.dir(), ts, clock));
    } catch (RuntimeException | Error e) {
      closeAfter(e, kms);
      closeAfter(e, hsm);
      throw e;
    }
  }

  /** A reconciler of open intents against this session's KMS and HSM. */
  Reconciler reconciler() {
    return new Reconciler(kms.kms(), hsm.session());
  }

  @Override
  public void close() {
    // As try-with-resources would: each one closed even if the one before failed.
    try {
      writer.close();
    } catch (RuntimeException | Error e) {
      closeAfter(e, kms);
      closeAfter(e, hsm);
      throw e;
    }
    try {
      kms.close();
    } catch (RuntimeException | Error e) {
      closeAfter(e, hsm);
      throw e;
    }
    hsm.close();
  }

  /** Closes {@code c} after {@code first} was thrown; a failure to close is added to it. */
  static void closeAfter(Throwable first, AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception | Error e) {
      first.addSuppressed(e);
    }
  }
}
