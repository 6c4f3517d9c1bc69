package dev.keyceremony.localkms.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One BouncyCastle provider instance, used explicitly (never installed globally). */
public final class Bc {
  public static final Provider PROVIDER = new BouncyCastleProvider();

  private Bc() {}
}
