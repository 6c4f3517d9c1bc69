package dev.keyceremony.cli;

import dev.keyceremony.ceremony.CeremonyFailure;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.StandaloneWrap;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.workflow.HsmConnector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ceremony hsm wrap}: an existing HSM object wrapped under a KMS wrapping public key. */
@Command(
    name = "wrap",
    mixinStandardHelpOptions = true,
    description = {
      "Wrap an existing HSM object under a KMS wrapping public key (AWS's import recipe, with"
          + " the HSM in place of OpenSSL).",
      "",
      "Runs the token's self-test and a trial wrap of a throwaway session object of the same key"
          + " spec (as a ceremony's preflight), imports the wrapping key as a session object,"
          + " wraps, checks the length of the result and writes it to --out (never overwritten)."
          + " The file is what 'aws kms import-key-material --encrypted-key-material"
          + " fileb://FILE' sends. Nothing else: no transcript, no KMS call; the token keeps only"
          + " what it had.",
      "Exit codes: 0 written; 1 a check failed (nothing written); 2 invalid input."
    })
public final class HsmWrapCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin HsmOptions hsm;

  @Option(
      names = "--label",
      required = true,
      paramLabel = "LABEL",
      description = "Label of the HSM object to wrap (see ./ceremony hsm list-keys)")
  String label;

  @Option(
      names = "--public-key",
      required = true,
      paramLabel = "FILE",
      description =
          "The wrapping public key from GetParametersForImport: DER"
              + " SubjectPublicKeyInfo (e.g. WrappingPublicKey.bin, base64-decoded)")
  Path publicKey;

  @Option(
      names = "--algorithm",
      required = true,
      paramLabel = "ALGORITHM",
      description =
          "The --wrapping-algorithm given to get-parameters-for-import:"
              + " RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256,"
              + " RSA_AES_KEY_WRAP_SHA_1")
  String algorithm;

  @Option(
      names = "--key-spec",
      paramLabel = "SPEC",
      description =
          "The KMS key spec of the object (default: from the object's type and size;"
              + " required for a 256-bit EC key: ECC_NIST_P256 or ECC_SECG_P256K1)")
  String keySpec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where the wrapped material goes (a new file; never overwritten)")
  Path out;

  @Mixin DebugOption debug;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    WrappingAlgorithm a = WrappingAlgorithm.parse(algorithm);
    if (Files.exists(out)) {
      err.println(
          "hsm wrap: --out "
              + out
              + " already exists; output is never overwritten."
              + " Choose a new file name (or move the old one away); nothing was done");
      return ExitCodes.INVALID_INPUT;
    }
    byte[] spki;
    try {
      spki = Files.readAllBytes(publicKey);
    } catch (IOException e) {
      err.println(
          "hsm wrap: --public-key "
              + publicKey
              + " cannot be read ("
              + e.getMessage()
              + "); give the WrappingPublicKey.bin that get-parameters-for-import wrote (base64"
              + " --decode the PublicKey field); nothing was done");
      return ExitCodes.INVALID_INPUT;
    }
    if (spki.length > 0 && spki[0] != 0x30) {
      err.println(
          "hsm wrap: --public-key "
              + publicKey
              + " is not DER (it starts with '"
              + (char) (spki[0] & 0x7f)
              + "', not a SEQUENCE): the AWS CLI prints the key in"
              + " base64; decode it first: aws kms get-parameters-for-import ... --query PublicKey"
              + " --output text | base64 --decode > WrappingPublicKey.bin; nothing was done");
      return ExitCodes.INVALID_INPUT;
    }
    try (HsmConnector.Connection c = HsmConnector.connect(hsm.locator(), hsm.pinSource())) {
      KeySpec ks;
      if (keySpec != null) {
        ks = KeySpec.parse(keySpec);
      } else {
        Optional<KeySpec> found = StandaloneWrap.inferSpec(c.session().listObjects(), label);
        if (found.isEmpty()) {
          err.println(
              "hsm wrap: --label '"
                  + label
                  + "': "
                  + (c.session().listObjects().stream().anyMatch(x -> label.equals(x.label()))
                      ? "the object's type and size do not name one KMS key spec; give --key-spec"
                      : "no object with this label in token "
                          + c.session().facts().label()
                          + "; see ./ceremony hsm list-keys")
                  + "; nothing was done");
          return ExitCodes.INVALID_INPUT;
        }
        ks = found.get();
      }
      StandaloneWrap.Outcome r;
      try {
        r = StandaloneWrap.wrap(c.session(), new StandaloneWrap.Request(label, ks, spki, a));
      } catch (CeremonyFailure f) {
        err.println(
            "hsm wrap: "
                + f.getMessage()
                + " ["
                + f.causeCode()
                + "]"
                + (f.fix() == null ? "" : "; " + f.fix())
                + "; nothing was written");
        return ExitCodes.FAILED;
      }
      byte[] ct = r.wrap().ciphertext();
      writeNew(out, ct);
      Fingerprint fp = Fingerprint.of(spki);
      o.println(
          "wrapped '"
              + label
              + "' ("
              + ks
              + ", CKA_ID "
              + r.target().idHex()
              + ") in token '"
              + c.session().facts().label()
              + "'");
      o.printf(
          "  %-22s %s%n", "algorithm", r.wrap().algorithm() + " (" + r.wrap().mechanism() + ")");
      o.printf("  %-22s %s%n", "self-test, trial wrap", "passed (" + r.proof().detail() + ")");
      o.printf("  %-22s %s%n", "wrapping key SHA-256", fp.hex());
      o.printf("  %-22s %s%n", "words", fp.wordsText());
      o.printf("  %-22s %s%n", "attributes", HsmListKeysCommand.attributes(r.attributes()));
      r.wrap().warnings().forEach(w -> o.printf("  %-22s %s%n", "warning", w));
      o.println(
          "wrote " + out + " (" + ct.length + " bytes, SHA-256 " + Fingerprint.sha256Hex(ct) + ")");
      o.println(
          "Next: aws kms import-key-material --key-id KEY --encrypted-key-material fileb://"
              + out
              + " --import-token fileb://ImportToken.bin --expiration-model ...");
      o.flush();
      return ExitCodes.OK;
    }
  }

  private static void writeNew(Path f, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          "--out "
              + f
              + " appeared while wrapping; it was not"
              + " overwritten; the wrapped material is discarded, run again with a new file name",
          e);
    }
  }
}
