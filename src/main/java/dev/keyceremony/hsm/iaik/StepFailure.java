package dev.keyceremony.hsm.iaik;

import org.xipki.pkcs11.wrapper.TokenException;

/** A PKCS#11 call inside a multi-step operation failed; names the step and keeps the CKR code. */
final class StepFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String step;
  private final TokenException tokenException;

  StepFailure(String step, TokenException cause) {
    super(step + ": token returned " + Pkcs11Errors.name(cause), cause);
    this.step = step;
    this.tokenException = cause;
  }

  String step() {
    return step;
  }

  TokenException tokenException() {
    return tokenException;
  }

  long code() {
    return Pkcs11Errors.code(tokenException);
  }
}
