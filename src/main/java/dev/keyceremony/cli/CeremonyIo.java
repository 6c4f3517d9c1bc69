package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.PresignedApprovals;
import dev.keyceremony.ceremony.ScriptedParticipants;
import dev.keyceremony.ceremony.script.CeremonyScript;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The terminal side of run and resume: the participants' prompts, or pre-recorded answers. */
final class CeremonyIo {
  private CeremonyIo() {}

  /** Prompts read through the console when there is one, the same source as the PIN prompts. */
  static BufferedReader terminal() {
    java.io.Console console = System.console();
    return new BufferedReader(
        console != null
            ? console.reader()
            : new InputStreamReader(System.in, StandardCharsets.UTF_8));
  }

  /**
   * The participants for {@code s}, or null after printing why there are none (non-interactive
   * without acknowledgements, or no terminal).
   */
  static Participants participants(
      CeremonyScript s,
      boolean nonInteractive,
      String command,
      PrintWriter out,
      PrintWriter err,
      Clock clock,
      PresignedApprovals presigned) {
    if (nonInteractive) {
      if (s.acknowledgements() == null) {
        err.println(
            "--non-interactive needs acknowledgements: add an acknowledgements: section"
                + " to the script or give --acknowledgements FILE; nothing was done");
        return null;
      }
      return new ScriptedParticipants(s.acknowledgements(), clock, presigned);
    }
    if (System.console() == null) {
      err.println(
          command
              + ": there is no terminal for the custodians' and witnesses' prompts;"
              + " use --non-interactive with acknowledgements in the script or --acknowledgements"
              + " FILE; nothing was done");
      return null;
    }
    return new ConsoleParticipants(terminal(), out, clock, presigned);
  }
}
