package dev.keyceremony.cli;

import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.hsm.TokenFacts;
import dev.keyceremony.transcript.Hashes;
import dev.keyceremony.transcript.SignerEnrolment;
import dev.keyceremony.transcript.SignerKeys;
import dev.keyceremony.workflow.HsmConnector;
import dev.keyceremony.workflow.HsmTranscriptSigner;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
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
          + " and its SHA-256 fingerprint (of the DER SubjectPublicKeyInfo).",
      "",
      "Writes a signer enrolment record (a small bundle signed by the new key: token facts, the signer's"
          + " public key, operator, witnesses, time). Keep it with your audit records: auditors pin the signer"
          + " with 'ceremony transcript verify BUNDLE --trust RECORD'."
    })
public final class HsmCreateSignerCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin HsmOptions hsm;

  @Option(
      names = "--label",
      required = true,
      paramLabel = "LABEL",
      description = "Label of the new signer key (must not exist yet)")
  String label;

  @Option(
      names = "--witness",
      paramLabel = "NAME",
      description =
          "Who witnessed the key's creation (repeatable); recorded in the enrolment record")
  java.util.List<String> witnesses = new java.util.ArrayList<>();

  @Option(
      names = "--operator",
      paramLabel = "NAME",
      description = "Who created the key; recorded in the enrolment record (default: not recorded)")
  String operator;

  @Option(
      names = "--record",
      paramLabel = "DIR",
      description =
          "Where the enrolment record goes (a new directory; default:"
              + " ceremony-out/signers/LABEL-TIME under the project root)")
  java.nio.file.Path record;

  @Mixin DebugOption debug;

  @Override
  public Integer call() throws Exception {
    try (HsmConnector.Connection c = HsmConnector.connect(hsm.locator(), hsm.pinSource())) {
      SignerKey k = c.session().createSigner(label);
      byte[] spki = c.session().evidence().signerPublicKeySpki(k);
      // Prove the key works before reporting success: sign and verify (inside signWithSigner).
      c.session()
          .evidence()
          .signWithSigner(
              k, "create-signer self-check".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String fp = Hashes.sha256Hex(spki);
      PrintWriter out = spec.commandLine().getOut();
      out.println("created transcript signer in token '" + c.session().facts().label() + "'");
      out.printf("  %-12s %s%n", "label", k.label());
      out.printf("  %-12s %s%n", "CKA_ID", k.idHex());
      out.printf(
          "  %-12s %s%n", "key", "EC P-384, private key sensitive, non-extractable, sign only");
      out.printf("  %-12s %s%n", "fingerprint", "SHA256:" + fp);
      out.print(SignerKeys.toPem(spki)); // the same PEM the transcript bundle's signer.pem holds
      java.time.Clock clock = java.time.Clock.systemUTC();
      java.nio.file.Path dir =
          record != null
              ? record
              : ProjectHome.find()
                  .resolve("ceremony-out/signers")
                  .resolve(
                      k.label().replaceAll("[^A-Za-z0-9._-]", "_")
                          + "-"
                          + ScriptLoader.newRunId(clock));
      SignerEnrolment.write(
          dir,
          k.label(),
          new HsmTranscriptSigner(c.session().evidence(), k),
          enrolmentFacts(c.session().facts(), k, fp),
          clock);
      out.println(
          "enrolment record (keep it with your audit records; auditors pin the signer with it):");
      out.println("  " + dir);
      out.println("  ./ceremony transcript verify BUNDLE --trust " + dir);
      out.println("  or: ./ceremony transcript verify BUNDLE --signer-fingerprint " + fp);
      out.flush();
      return ExitCodes.OK;
    }
  }

  private Map<String, Object> enrolmentFacts(TokenFacts t, SignerKey k, String fp) {
    Map<String, Object> signer = new LinkedHashMap<>();
    signer.put("label", k.label());
    signer.put("ckaId", k.idHex());
    signer.put("key", "EC P-384, private key sensitive, non-extractable, sign only");
    signer.put("spkiSha256", fp);
    Map<String, Object> token = new LinkedHashMap<>();
    token.put("label", t.label());
    token.put("manufacturer", t.manufacturer());
    token.put("model", t.model());
    token.put("serial", t.serial());
    token.put("firmwareVersion", t.firmwareVersion());
    token.put("library", t.libraryDescription() + " " + t.libraryVersion());
    token.put("modulePath", t.modulePath());
    token.put("moduleSha256", t.moduleSha256());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("key", signer); // data.signer of line 1 is the writer's (fingerprint, algorithm)
    d.put("token", token);
    d.put("operator", operator == null ? "not recorded" : operator);
    d.put("witnesses", witnesses);
    d.put("host", EnvironmentFacts.hostName());
    d.put("tool", Version.get());
    d.put(
        "proves",
        "The key was in this token when the record was made (it signed the record). Whom the"
            + " key belongs to rests on where the organisation keeps this record, not on its signature.");
    return d;
  }
}
