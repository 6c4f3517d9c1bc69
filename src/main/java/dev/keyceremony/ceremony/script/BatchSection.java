package dev.keyceremony.ceremony.script;

import java.util.Objects;

/**
 * The {@code batch} section of a bulk script: how many keys, what a failing key does to the others,
 * and the request rates the KMS calls are paced to.
 *
 * @param count the number of keys (1 to {@link #MAX_COUNT}); {@code {n}} runs from 1 to count
 * @param stopOnFailure {@code on-failure: stop}: the first failing key stops the batch (keys in
 *     flight finish their current call); {@code continue} (the default) goes on with the others
 * @param pace requests per second per KMS operation
 */
public record BatchSection(int count, boolean stopOnFailure, Pace pace) {
  public static final int MAX_COUNT = 1000;

  public BatchSection {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count " + count);
    }
    Objects.requireNonNull(pace, "pace");
  }

  /** The width {@code {n}} is zero-padded to: the number of digits of count (001..100). */
  public int width() {
    return String.valueOf(count).length();
  }

  /** {@code n} as it replaces {@code {n}}. */
  public String number(int n) {
    return String.format(java.util.Locale.ROOT, "%0" + width() + "d", n);
  }

  /**
   * Requests per second for each paced operation. The defaults are AWS KMS's request quotas per
   * account and Region (CreateKey 5, CreateAlias 5, GetParametersForImport 1, ImportKeyMaterial
   * 15).
   */
  public record Pace(
      double createKey,
      double createAlias,
      double getParametersForImport,
      double importKeyMaterial) {
    public static final Pace AWS = new Pace(5, 5, 1, 15);

    public Pace {
      for (double d :
          new double[] {createKey, createAlias, getParametersForImport, importKeyMaterial}) {
        if (!(d > 0)) {
          throw new IllegalArgumentException("rate " + d);
        }
      }
    }
  }
}
