package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchProgressTest {
  @Test
  void line_showsBarDoneTotalRateEtaAndFailures() {
    assertThat(BatchProgress.line(25, 1, 100, 25.0, "parameters 26"))
        .isEqualTo(
            "[#####...............] 25/100  1.00 keys/s  ETA 1:15  failed 1" + "  (parameters 26)");
    assertThat(BatchProgress.line(0, 0, 100, 3.0, null))
        .isEqualTo("[....................] 0/100  0.00 keys/s  ETA --:--");
    assertThat(BatchProgress.line(100, 0, 100, 104.4, null))
        .isEqualTo("[####################] 100/100  0.96 keys/s  done in 1:44");
  }

  @Test
  void notATerminal_plainLinesEveryTenthOfTheKeys_noCarriageReturns() {
    StringWriter s = new StringWriter();
    AtomicLong t = new AtomicLong();
    BatchProgress p = new BatchProgress(new PrintWriter(s), false, 80, t::get);
    p.phase("imports", 20);
    for (int i = 1; i <= 20; i++) {
      t.addAndGet(100_000_000L);
      p.progress(i, 0, 20, "proven " + i);
    }
    String out = s.toString();
    assertThat(out).doesNotContain("\r");
    assertThat(out.lines().filter(l -> l.startsWith("imports: "))).hasSize(10);
    assertThat(out).contains("20/20").contains("done in 0:02");
  }

  @Test
  void terminal_redrawsOneLineInPlace() {
    StringWriter s = new StringWriter();
    AtomicLong t = new AtomicLong();
    BatchProgress p = new BatchProgress(new PrintWriter(s), true, 100, t::get);
    p.phase("wraps", 3);
    for (int i = 1; i <= 3; i++) {
      t.addAndGet(1_000_000_000L);
      p.progress(i, 0, 3, null);
    }
    p.endLine();
    String out = s.toString();
    assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(3);
    String last = "[####################] 3/3  1.00 keys/s  done in 0:03";
    assertThat(out).endsWith("\r" + last + " ".repeat(99 - last.length()) + "\n");
  }
}
