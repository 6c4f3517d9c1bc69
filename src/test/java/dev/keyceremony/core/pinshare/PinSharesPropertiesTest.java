package dev.keyceremony.core.pinshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.Secret;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Split and join of the HSM PIN, as properties over PINs, N, M and which shares are used. */
class PinSharesPropertiesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Provide
  Arbitrary<String> pins() {
    return Arbitraries.strings()
        .withCharRange('!', '~')
        .withChars('é', '€', ' ')
        .ofMinLength(1)
        .ofMaxLength(40);
  }

  @Property(tries = 200)
  void anyMofN_recoverThePin(
      @ForAll("pins") String pin,
      @ForAll @IntRange(min = 2, max = 8) int n,
      @ForAll @IntRange(min = 2, max = 8) int m,
      @ForAll Random pick) {
    Assume.that(m <= n);
    List<PinShare> shares = split(pin, n, m);
    List<PinShare> some = new ArrayList<>(shares);
    Collections.shuffle(some, pick);
    // Through the text a custodian types, so parse and format are part of the property.
    List<PinShare> typed = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      typed.add(PinShare.parse(some.get(i).revealText(), i + 1));
    }
    PinShares.Joined j = PinShares.join(typed);
    assertThat(text(j.pin())).isEqualTo(pin);
    assertThat(j.numbersUsed()).hasSize(m).allMatch(x -> x >= 1 && x <= n);
    assertThat(j.describe()).containsOnlyKeys("split", "threshold", "sharesUsed");
  }

  /**
   * M-1 shares are consistent with every PIN (of the same padded length): for any other PIN there
   * is an M-th share that, with the same M-1 shares, joins to it. The M-th share is made here by
   * Lagrange interpolation over GF(2^8) and joined by the library itself.
   */
  @Property(tries = 100)
  void mMinusOneShares_consistentWithEveryPin(
      @ForAll("shortPins") String pin,
      @ForAll("shortPins") String other,
      @ForAll @IntRange(min = 2, max = 5) int m) {
    int n = m + 1;
    List<PinShare> shares = split(pin, n, m);
    List<PinShare> known = shares.subList(0, m - 1);
    int x = n; // a share number the M-1 do not use
    byte[] target = PinShares.encode(other.toCharArray());
    byte[] forged = new byte[target.length];
    for (int i = 0; i < target.length; i++) {
      int[] xs = new int[m];
      int[] ys = new int[m];
      xs[0] = 0;
      ys[0] = target[i] & 0xff;
      for (int k = 0; k < m - 1; k++) {
        xs[k + 1] = known.get(k).number();
        ys[k + 1] = known.get(k).value()[i] & 0xff;
      }
      forged[i] = (byte) Gf256.interpolate(xs, ys, x);
    }
    List<PinShare> withForged = new ArrayList<>(known);
    withForged.add(new PinShare(known.get(0).split(), m, x, forged));
    assertThat(text(PinShares.join(withForged).pin())).isEqualTo(other);
    assertThatThrownBy(() -> PinShares.join(known))
        .hasMessageContaining((m - 1) + " PIN share(s) given")
        .hasMessageContaining(m + " are needed");
  }

  @Provide
  Arbitrary<String> shortPins() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(15);
  }

  @Property(tries = 100)
  void corruptedShare_namedByItsNumberOnly(@ForAll("pins") String pin, @ForAll Random pick) {
    List<PinShare> shares = split(pin, 3, 2);
    PinShare s = shares.get(pick.nextInt(3));
    String text = s.revealText();
    String[] parts = text.split("-");
    int at = pick.nextInt(parts[4].length());
    char c = parts[4].charAt(at);
    parts[4] = parts[4].substring(0, at) + (c == '0' ? '1' : '0') + parts[4].substring(at + 1);
    String bad = String.join("-", parts);
    assertThatThrownBy(() -> PinShare.parse(bad, 2))
        .isInstanceOf(PinShareException.class)
        .hasMessage(
            "PIN share "
                + s.number()
                + " is corrupted (its check value does not match);"
                + " retype it or use another custodian's share")
        .hasMessageNotContaining(parts[4]);
  }

  @Property(tries = 50)
  void shareFromAnotherSplit_namedByNumber(@ForAll("pins") String pin) {
    List<PinShare> a = split(pin, 3, 2);
    List<PinShare> b = split(pin, 3, 2);
    assertThatThrownBy(() -> PinShares.join(List.of(a.get(0), b.get(2))))
        .isInstanceOf(PinShareException.class)
        .hasMessage(
            "PIN share 3 belongs to another split than share 1; use shares made by the"
                + " same ./ceremony pin split");
  }

  @Property(tries = 20)
  void sameShareTwice_refused(@ForAll("pins") String pin) {
    List<PinShare> a = split(pin, 3, 2);
    assertThatThrownBy(() -> PinShares.join(List.of(a.get(1), a.get(1))))
        .hasMessage("PIN share 2 was given twice; 2 different shares are needed");
  }

  @Property(tries = 20)
  void toString_hidesTheValue(@ForAll("pins") String pin) {
    PinShare s = split(pin, 2, 2).get(0);
    assertThat(s.toString()).isEqualTo("PIN share 1 of split " + s.split() + " (value ***)");
  }

  private static List<PinShare> split(String pin, int n, int m) {
    try (Secret s = Secret.adopt(pin.toCharArray())) {
      return PinShares.split(s, n, m, RANDOM);
    }
  }

  /** GF(2^8) with the AES polynomial, as com.codahale:shamir uses; for the forged share only. */
  static final class Gf256 {
    private Gf256() {}

    static int mul(int a, int b) {
      int p = 0;
      while (b != 0) {
        if ((b & 1) != 0) {
          p ^= a;
        }
        a <<= 1;
        if ((a & 0x100) != 0) {
          a ^= 0x11b;
        }
        b >>= 1;
      }
      return p;
    }

    static int inv(int a) {
      int r = 1;
      for (int i = 0; i < 254; i++) {
        r = mul(r, a);
      }
      return r;
    }

    /** The value at {@code x} of the polynomial through (xs[i], ys[i]). */
    static int interpolate(int[] xs, int[] ys, int x) {
      int sum = 0;
      for (int i = 0; i < xs.length; i++) {
        int num = 1;
        int den = 1;
        for (int j = 0; j < xs.length; j++) {
          if (i != j) {
            num = mul(num, x ^ xs[j]);
            den = mul(den, xs[i] ^ xs[j]);
          }
        }
        sum ^= mul(ys[i], mul(num, inv(den)));
      }
      return sum;
    }
  }

  private static String text(Secret s) {
    return s.withChars(String::new);
  }
}
