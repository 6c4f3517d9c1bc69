package dev.keyceremony.ceremony;

import java.util.Map;

/** One step of a ceremony; the runner times it and appends exactly one transcript entry for it. */
interface Step {
  /** The entry type suffix, e.g. {@code preflight}. */
  String name();

  /** Carries out the step, putting what the transcript must record into {@code data}. */
  void run(CeremonyContext ctx, CeremonyState state, Map<String, Object> data);
}
