package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.core.WrappingAlgorithm;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact steps {@code run} would take, as numbered lines for people to read and approve: the
 * steps of {@link CeremonySteps}, numbered.
 */
public final class Plan {
  private Plan() {}

  static List<String> lines(
      CeremonyScript s, WrappingAlgorithm algorithm, String participantsMode) {
    List<String> l = new ArrayList<>();
    for (CeremonySteps.Planned p : CeremonySteps.of(s, algorithm, participantsMode)) {
      l.add(p.line(l.size() + 1));
    }
    return l;
  }
}
