package dev.keyceremony.cli;

import dev.keyceremony.workflow.HsmConnector;

import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.transcript.Hashes;
import dev.keyceremony.transcript.SignerKeys;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ceremony hsm create-signer}: the non-extractable EC P-384 transcript signer key. */
@Command(
    name = "create-signer",
    mixinStandardHelpOptions = true,
    description = {
      "Create the non-extractable EC P-384 transcript signer key.",
      "",
      "Generates an EC P-384 key pair as token objects: private key sensitive, NOT extractable,"
          + " SIGN only. An existing label is refused, never overwritten. Prints the public key"
          + " and its SHA-256 fingerprint (of the DER SubjectPublicKeyInfo); writes no file."
    })
public final class HsmCreateSignerCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin HsmOptions hsm;

  @Option(names = "--label", required = true, paramLabel = "LABEL",
      description = "Label of the new signer key (must not exist yet)")
  String label;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    return ExitCodes.run(spec, debug.on, () -> {
      try (HsmConnector.Connection c = HsmConnector.connect(hsm.locator(), hsm.pinSource())) {
        SignerKey k = c.session().createSigner(label);
        byte[] spki = c.session().evidence().signerPublicKeySpki(k);
        // Prove the key works before reporting success: sign and verify (inside signWithSigner).
        c.session().evidence().signWithSigner(k, "create-signer self-check".getBytes(
            java.nio.charset.StandardCharsets.UTF_8));
        String fp = Hashes.sha256Hex(spki);
        PrintWriter out = spec.commandLine().getOut();
        out.println("created transcript signer in token '" + c.session().facts().label() + "'");
        out.printf("  %-12s %s%n", "label", k.label());
        out.printf("  %-12s %s%n", "CKA_ID", k.idHex());
        out.printf("  %-12s %s%n", "key", "EC P-384, private key sensitive, non-extractable, sign only");
        out.printf("  %-12s %s%n", "fingerprint", "SHA256:" + fp);
        out.print(SignerKeys.toPem(spki)); // the same PEM the transcript bundle's signer.pem holds
        out.flush();
        return ExitCodes.OK;
      }
    });
  }
}
