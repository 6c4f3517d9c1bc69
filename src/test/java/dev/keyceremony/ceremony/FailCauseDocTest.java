package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The auditors' reference of fail-closed causes, docs/reference/fail-causes.md, is generated from
 * {@link FailCause}; this test fails when the two disagree. After changing the enum, regenerate
 * with {@code mvn -B -o -Dtest=FailCauseDocTest -Dfailcauses.update=true test} and review the diff.
 */
class FailCauseDocTest {
  static final String DOC = "docs/reference/fail-causes.md";
  static final String REGENERATE =
      "mvn -B -o -Dtest=FailCauseDocTest -Dfailcauses.update=true test";

  @Test
  void referencePage_isWhatTheEnumSays() throws IOException {
    String expected = render();
    Path doc = Path.of(System.getProperty("ceremony.projectDir", ".")).resolve(DOC);
    if (Boolean.getBoolean("failcauses.update")) {
      Files.createDirectories(doc.getParent());
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(doc)).as(DOC + " is missing; generate it with " + REGENERATE).isTrue();
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as(DOC + " disagrees with FailCause; regenerate it with " + REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void render_listsEveryCauseOnceWithItsClassification() {
    String page = render();
    for (FailCause c : FailCause.values()) {
      String row = "| `" + c.name() + "`";
      assertThat(page.indexOf(row)).as(c.name()).isPositive().isEqualTo(page.lastIndexOf(row));
      String line = page.substring(page.indexOf(row), page.indexOf('\n', page.indexOf(row)));
      assertThat(line)
          .contains(c.meaning())
          .endsWith(c.retryable() ? "| retryable |" : "| final |");
    }
  }

  static String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Fail-closed causes\n\n");
    b.append(
        "<!-- Generated from dev.keyceremony.ceremony.FailCause by FailCauseDocTest; do not"
            + " edit by hand.\n     Regenerate: "
            + REGENERATE
            + " -->\n\n");
    b.append(
        "A ceremony that finds something wrong stops there (it fails closed) and records"
            + " why. The\ntranscript's `error` entry names the failed `step`, the `cause`, a"
            + " `message`, a `fix` and whether\nthe failure is `retryable`; the `ceremony.sealed`"
            + " entry repeats `failedStep`, `cause` and `retryable`.\n\n");
    b.append(
        "- **retryable**: another attempt may get past it; continue with `./ceremony resume"
            + " BUNDLE`.\n");
    b.append(
        "- **final**: another attempt would stop in the same way; undo what the ceremony"
            + " created with\n  `./ceremony abandon BUNDLE` (the `error` entry's `next` says whether"
            + " anything was created).\n\n");
    b.append(
        "Steps are named as in the transcript. `setup` is a failure before the ceremony"
            + " could start\n(recorded with nothing changed: fix it and run again); `air-gap"
            + " PHASE/STEP` is a step of a phase\nof an air-gapped ceremony; `bulk STEP` a step of"
            + " a batch; `hsm wrap` the standalone command.\n\n");
    b.append("| Cause | Meaning | Raised at step | Retryable or final |\n");
    b.append("|---|---|---|---|\n");
    for (FailCause c : FailCause.values()) {
      String cause = "`" + c.name() + "`";
      if (c == FailCause.KMS_REFUSED) {
        cause += " (recorded as KMS's error code)";
      }
      b.append("| ")
          .append(cause)
          .append(" | ")
          .append(cell(c.meaning()))
          .append(" | ")
          .append(cell(c.steps()))
          .append(" | ")
          .append(c.retryable() ? "retryable" : "final")
          .append(" |\n");
    }
    b.append("\n## Other values of `cause`\n\n");
    b.append(
        "Failures that are not a check of this tool are recorded with their source's own"
            + " code:\n\n");
    b.append(
        "- a KMS error code, unchanged (e.g. `NotFoundException`,"
            + " `InvalidCiphertextException`,\n  `ThrottlingException`): KMS refused or failed a"
            + " request; the entry carries its `requestId`.\n  Retryable when KMS throttled, failed"
            + " (5xx) or did not answer after the retry budget, or the\n  import token expired"
            + " (`ExpiredImportTokenException`); final otherwise.\n");
    b.append(
        "- `HSM_` and the token's reason (e.g. `HSM_PIN_INCORRECT`,"
            + " `HSM_MODULE_NOT_LOADABLE`): the HSM\n  reported an error; retryable.\n");
    b.append(
        "- `INTERRUPTED`: the ceremony was stopped (Ctrl-C, SIGTERM) at a safe point; it is"
            + " recorded in a\n  `ceremony.interrupted` entry and can be resumed.\n");
    b.append("- anything else: an unexpected error, recorded by its Java class name; final.\n");
    return b.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
