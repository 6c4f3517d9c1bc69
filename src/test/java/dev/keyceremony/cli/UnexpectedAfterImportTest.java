package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyceremony.ceremony.Ceremony;
import dev.keyceremony.ceremony.CeremonyContext;
import dev.keyceremony.ceremony.FakeHsmSession;
import dev.keyceremony.ceremony.FakeKms;
import dev.keyceremony.ceremony.Journal;
import dev.keyceremony.ceremony.MutableClock;
import dev.keyceremony.ceremony.ScriptedParticipants;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.transcript.TranscriptWriter;
import dev.keyceremony.workflow.CeremonyLeftIncomplete;
import dev.keyceremony.workflow.TranscriptJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An error no step handles, after ImportKeyMaterial succeeded (the transcript's disk fills up right
 * after the import's result is written), is reported as an incomplete ceremony (exit 5) that names
 * what exists now and the resume and abandon commands, never as "setup failed" (exit 3).
 */
class UnexpectedAfterImportTest {
  @TempDir Path dir;

  @Test
  void errorAfterImport_exitsIncomplete_namesImportResumeAndAbandon() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    Files.writeString(dir.resolve("module.so"), "x");
    String yaml =
        new String(
            getClass().getResourceAsStream("golden-script.yaml").readAllBytes(),
            StandardCharsets.UTF_8);
    CeremonyScript s = new ScriptParser(clock, "r").parse(yaml, "golden.yaml", dir);
    Path bundle = dir.resolve("bundle");
    TranscriptWriter w =
        TranscriptWriter.create(bundle, "after-import", new SoftwareTestSigner(), clock);
    Journal real = new TranscriptJournal(w);
    boolean[] imported = {false};
    Journal diskFullAfterImport =
        (type, actor, data) -> {
          if (imported[0]) {
            throw new UncheckedIOException(new java.io.IOException("No space left on device"));
          }
          long seq = real.record(type, actor, data);
          imported[0] = "result".equals(type) && String.valueOf(data).contains("keyMaterialId");
          return seq;
        };
    Ceremony c =
        new Ceremony(
            new CeremonyContext(
                s,
                new FakeHsmSession(),
                new FakeKms(clock),
                diskFullAfterImport,
                new ScriptedParticipants(s.acknowledgements(), clock),
                clock,
                new SecureRandom(),
                p -> null,
                Map.of()));
    RuntimeException escaped = catchThrowableOfType(UncheckedIOException.class, c::run);
    assertThat(escaped).as("the fake must fail after the import").isNotNull();
    assertThat(imported[0]).isTrue();
    w.close();

    CeremonyLeftIncomplete e = CeremonyLeftIncomplete.of(bundle, escaped);
    StringWriter err = new StringWriter();
    int code = commandThatThrows("run", e, err).execute();

    assertThat(code)
        .isEqualTo(ExitCodes.TRANSCRIPT_INCOMPLETE)
        .isNotEqualTo(ExitCodes.SETUP_FAILED);
    assertThat(err.toString())
        .startsWith("run: the ceremony stopped on an unexpected error after it had started")
        .contains("No space left on device")
        .contains("key material imported into KMS (KeyMaterialId ")
        .contains("./ceremony resume " + bundle)
        .contains("./ceremony abandon " + bundle)
        .doesNotContain("setup failed");
  }

  /** A one-command line, handled exactly as Main's, whose command throws {@code e}. */
  static CommandLine commandThatThrows(String name, Exception e, StringWriter err) {
    @CommandLine.Command(name = "x")
    class Throwing implements Callable<Integer> {
      @Override
      public Integer call() throws Exception {
        throw e;
      }
    }
    CommandLine cl =
        new CommandLine(
            CommandLine.Model.CommandSpec.forAnnotatedObject(new Throwing()).name(name));
    cl.setErr(new PrintWriter(err, true));
    Main.handlers(cl);
    return cl;
  }
}
