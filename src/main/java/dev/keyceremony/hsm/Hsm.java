package dev.keyceremony.hsm;

import dev.keyceremony.core.Secret;

/** An opened PKCS#11 module with one selected token. Closing it closes every session. */
public interface Hsm extends AutoCloseable {
  /** Facts about the module and token, readable without logging in. */
  TokenFacts facts();

  /**
   * Logs the user in and opens a read-write session. The session keeps a copy of the PIN (wiped on
   * close) only so that it can log in again after a Security Officer step in trusted mode.
   *
   * @throws HsmException with {@link HsmException.Reason#PIN_INCORRECT} or {@code PIN_LOCKED}, and
   *     the tries left where the token flags say so
   */
  HsmSession login(Secret userPin);

  @Override
  void close();
}
