package dev.keyceremony.ceremony;

/** A stop was requested (Ctrl-C, SIGTERM): thrown at the next safe point, before a side effect. */
public final class CeremonyInterrupted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CeremonyInterrupted(String where) {
    super("stop requested (Ctrl-C or SIGTERM) " + where);
  }
}
