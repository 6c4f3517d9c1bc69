package dev.keyceremony.transcript;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the lines in order: each must parse on its own, count seq 1, 2, 3..., chain prev to the
 * previous line's SHA-256, and keep line 1's ceremony id. Keeps the first problem only (later ones
 * are usually its echoes) but goes on reading entries for display.
 */
final class ChainCheck {
  private final List<TranscriptEntry> entries = new ArrayList<>();
  private final List<Finding> warnings = new ArrayList<>();
  private Finding firstProblem;
  private String prevHash = Hashes.GENESIS_PREV;
  private String ceremonyId = "";
  private Instant lastTime;

  void accept(int lineNo, byte[] line, boolean unterminated) {
    EntryParser.Parsed p = EntryParser.parse(line);
    if (p.entry() != null) {
      entries.add(p.entry());
    }
    if (firstProblem != null) {
      return;
    }
    if (unterminated) {
      problem(
          lineNo, "has no terminating newline: the file was truncated, or a write was interrupted");
      return;
    }
    if (p.problem() != null) {
      problem(lineNo, p.problem());
      return;
    }
    TranscriptEntry e = p.entry();
    if (e.seq() < lineNo) {
      problem(
          lineNo,
          "seq is "
              + e.seq()
              + " but this is line "
              + lineNo
              + ": line "
              + e.seq()
              + " appears again (a duplicated line), or lines were reordered");
      return;
    }
    if (e.seq() > lineNo) {
      problem(
          lineNo,
          "seq is "
              + e.seq()
              + " but this is line "
              + lineNo
              + ": "
              + (e.seq() == lineNo + 1
                  ? "the entry with seq " + lineNo + " was removed"
                  : "entries with seq " + lineNo + "-" + (e.seq() - 1) + " were removed")
              + ", or lines were reordered");
      return;
    }
    if (!e.prev().equals(prevHash)) {
      if (lineNo == 1) {
        problem(1, "prev must be 64 zeros on the first line, is " + e.prev());
      } else {
        // seq is in order, so no line is missing here: the previous line's bytes changed (or this
        // prev did).
        problem(
            lineNo - 1,
            "was altered after it was written: its SHA-256 is "
                + prevHash
                + " but line "
                + lineNo
                + " records prev "
                + e.prev()
                + " (or line "
                + lineNo
                + "'s prev was altered)");
      }
      return;
    }
    if (lineNo == 1) {
      ceremonyId = e.ceremony();
    } else if (!e.ceremony().equals(ceremonyId)) {
      problem(
          lineNo,
          "ceremony is '"
              + e.ceremony()
              + "' but line 1 says '"
              + ceremonyId
              + "': lines from another transcript were mixed in");
      return;
    }
    Instant t = EntryRules.parseTime(e.time());
    if (lastTime != null && t.isBefore(lastTime)) {
      warnings.add(
          Finding.atLine(
              lineNo,
              "time "
                  + e.time()
                  + " is earlier than the previous line's: the clock"
                  + " was set back during the ceremony"));
    }
    lastTime = t;
    prevHash = e.sha256();
  }

  private void problem(int line, String message) {
    firstProblem = Finding.atLine(line, message);
  }

  Optional<Finding> firstProblem() {
    return Optional.ofNullable(firstProblem);
  }

  List<TranscriptEntry> entries() {
    return entries;
  }

  List<Finding> warnings() {
    return warnings;
  }

  /** Line 1's ceremony id when line 1 is readable, else empty. */
  String ceremonyId() {
    if (ceremonyId.isEmpty() && !entries.isEmpty() && entries.get(0).seq() == 1) {
      return entries.get(0).ceremony();
    }
    return ceremonyId;
  }
}
