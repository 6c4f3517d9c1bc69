package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.Acknowledgement;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.script.Roles;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleParticipantsTest {
  final Roles roles = new Roles("olivia", List.of("carol", "chris"), List.of("wendy"), 1);
  final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

  ConsoleParticipants console(String input, StringWriter out) {
    return new ConsoleParticipants(
        new BufferedReader(new StringReader(input)), new PrintWriter(out, true), clock);
  }

  @Test
  void approvals_askEachCustodian_repromptOnOtherAnswers() {
    StringWriter out = new StringWriter();
    List<Acknowledgement> a =
        console("yes\napprove\ndecline\n", out).approvals(roles, List.of("1. step"));
    assertThat(a)
        .extracting(Acknowledgement::name, Acknowledgement::decision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("carol", "approved"),
            org.assertj.core.groups.Tuple.tuple("chris", "declined"));
    assertThat(out.toString()).contains("1. step").contains("Please type 'approve' or 'decline'");
  }

  @Test
  void confirmations_showHexAndWords_endOfInputMeansAbsent() {
    StringWriter out = new StringWriter();
    Fingerprint f = Fingerprint.of(new byte[] {1, 2, 3});
    List<Acknowledgement> a = console("", out).confirmations(roles, f);
    assertThat(a).singleElement().extracting(Acknowledgement::decision).isEqualTo("absent");
    assertThat(out.toString()).contains(f.groupedHex()).contains(f.wordsText());
  }
}
