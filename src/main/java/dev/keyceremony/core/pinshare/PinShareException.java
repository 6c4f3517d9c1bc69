package dev.keyceremony.core.pinshare;

/** A PIN share that cannot be used; the message names the share by its number only. */
public final class PinShareException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public PinShareException(String message) {
    super(message);
  }
}
