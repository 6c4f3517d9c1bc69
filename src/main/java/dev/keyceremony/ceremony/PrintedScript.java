package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import java.util.ArrayList;
import java.util.List;

/**
 * The ceremony as the room runs it, for the printed script: per step, what the operator does (the
 * same lines {@code plan} prints, from {@link Plan}) and what each witness checks before
 * initialling it. Validation only: no device is touched, so the algorithm reads "auto" until the
 * preflight self-test chooses it.
 */
public final class PrintedScript {
  private PrintedScript() {}

  /** One step of the printed script. */
  public record PrintedStep(
      int number, String name, String operatorDoes, List<String> witnessChecks) {
    public PrintedStep {
      witnessChecks = List.copyOf(witnessChecks);
    }
  }

  public static List<PrintedStep> steps(CeremonyScript s, String participantsMode) {
    List<PrintedStep> out = new ArrayList<>();
    for (CeremonySteps.Planned p :
        CeremonySteps.of(s, s.wrapping().explicitAlgorithm().orElse(null), participantsMode)) {
      String does =
          p.does().replace("null", "the algorithm the preflight self-test chooses" + " (auto)");
      out.add(new PrintedStep(out.size() + 1, p.name(), does, checks(p.name(), s)));
    }
    return out;
  }

  private static List<String> checks(String step, CeremonyScript s) {
    String token = s.hsm().token();
    return switch (step) {
      case "preflight" ->
          List.of(
              "The token label on screen is '"
                  + token
                  + "' and its serial matches the HSM"
                  + " inventory sheet.",
              "The module path and its SHA-256 on screen match the approved list.",
              "The self-test reports the chosen wrapping algorithm as passed.");
      case "approvals" ->
          List.of(
              "Each custodian approves in person (or by their own signing key) and no one"
                  + " approves for another.",
              "At least "
                  + s.roles().approvalsRequired()
                  + " approval(s) are"
                  + " recorded before the operator continues.");
      case "create-key" ->
          List.of(
              "The KMS key on screen has Origin EXTERNAL and the key spec and usage above;"
                  + " note its key ID.");
      case "parameters" ->
          List.of(
              "Read the wrapping key fingerprint words aloud from the screen; each witness"
                  + " compares them with their own display and confirms only on an exact match.");
      case "hsm-prepare" ->
          List.of(
              "The key material object on screen is sensitive (its value is never"
                  + " readable in clear) and has the label above.");
      case "wrap-import" ->
          List.of("KMS reports ImportKeyMaterial as accepted; note the KeyMaterialId.");
      case "prove" ->
          List.of("The proof on screen says it passed; note the KMS request IDs shown.");
      case "seal" ->
          List.of(
              "The tool prints 'integrity OK' and the signer fingerprint; compare it with the"
                  + " signer's enrolment record.",
              "Removable media with the bundle is labelled and sealed in an"
                  + " evidence bag; the bag number is written on this sheet.");
      default -> List.of("The step completes as described.");
    };
  }
}
