package dev.keyceremony.hsm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a token is chosen: by label, by {@code serial:SERIAL}, or by an RFC 7512 {@code pkcs11:} URI
 * with the token attributes {@code token}, {@code serial}, {@code manufacturer} and {@code model}
 * (percent-decoded). Every given attribute must match exactly (after trimming the blank padding
 * PKCS#11 puts into token info strings).
 */
public final class TokenSelector {
  private static final Set<String> TOKEN_ATTRIBUTES =
      Set.of("token", "serial", "manufacturer", "model");

  private final Map<String, String> required;
  private final String spec;

  private TokenSelector(Map<String, String> required, String spec) {
    this.required = Map.copyOf(required);
    this.spec = spec;
  }

  /** Parses a label, {@code serial:SERIAL} or {@code pkcs11:} URI. */
  public static TokenSelector parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "no token chosen: give a label, serial:SERIAL or a pkcs11: URI");
    }
    if (spec.regionMatches(true, 0, "pkcs11:", 0, 7)) {
      return new TokenSelector(parseUri(spec), spec);
    }
    if (spec.startsWith("serial:")) {
      String serial = spec.substring(7).trim();
      if (serial.isEmpty()) {
        throw new IllegalArgumentException("token 'serial:' has no serial number after the colon");
      }
      return new TokenSelector(Map.of("serial", serial), spec);
    }
    return new TokenSelector(Map.of("token", spec.trim()), spec);
  }

  private static Map<String, String> parseUri(String uri) {
    // Checked before anything else: later messages quote the URI, and pin-value may sit anywhere
    // in it (RFC 7512 puts it in the query, but a custodian may put it in the path).
    if (uri.toLowerCase(Locale.ROOT).contains("pin-value")) {
      throw new IllegalArgumentException(
          "the pkcs11: URI carries pin-value (not shown); a PIN is never accepted in a URI:"
              + " remove it and use --pin prompt|env:NAME|file:PATH (hsm.user-pin in a script)");
    }
    String body = uri.substring(7);
    int q = body.indexOf('?');
    if (q >= 0) {
      String query = body.substring(q + 1);
      body = body.substring(0, q);
      for (String part : query.split("&", -1)) {
        String name = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
        if (!name.isEmpty()) {
          throw new IllegalArgumentException(
              "pkcs11: URI query attribute '"
                  + name
                  + "' is not supported here; the module is chosen with --module and the PIN with"
                  + " --pin (in a script: hsm.module and hsm.user-pin)");
        }
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (body.isEmpty()) {
      throw new IllegalArgumentException(
          "pkcs11: URI '"
              + uri
              + "' names no token; give token=, serial=, manufacturer= or model=");
    }
    for (String part : body.split(";", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "pkcs11: URI attribute '" + part + "' is not NAME=VALUE (in '" + uri + "')");
      }
      String name = part.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = percentDecode(part.substring(eq + 1), uri);
      if (!TOKEN_ATTRIBUTES.contains(name)) {
        throw new IllegalArgumentException(
            "pkcs11: URI attribute '"
                + name
                + "' is not supported for choosing a token; allowed: token, serial, manufacturer,"
                + " model");
      }
      if (out.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(
            "pkcs11: URI attribute '" + name + "' appears twice in '" + uri + "'");
      }
    }
    return out;
  }

  static String percentDecode(String s, String uri) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw badEscape(s, uri);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw badEscape(s, uri);
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "pkcs11: URI value '" + s + "' does not decode to UTF-8 (in '" + uri + "')");
    }
  }

  private static IllegalArgumentException badEscape(String s, String uri) {
    return new IllegalArgumentException(
        "pkcs11: URI value '"
            + s
            + "' has a broken percent escape (use %XX with two hex digits) in '"
            + uri
            + "'");
  }

  /** True when every required attribute equals the token's (padding trimmed). */
  public boolean matches(String label, String serial, String manufacturer, String model) {
    return eq("token", label)
        && eq("serial", serial)
        && eq("manufacturer", manufacturer)
        && eq("model", model);
  }

  private boolean eq(String attribute, String actual) {
    String want = required.get(attribute);
    return want == null || Objects.equals(want, actual == null ? null : actual.trim());
  }

  /** The attributes that must match, e.g. {@code {token=ceremony-dev}}. */
  public Map<String, String> required() {
    return required;
  }

  /** What the user gave, for error messages. */
  public String spec() {
    return spec;
  }

  @Override
  public String toString() {
    return spec;
  }
}
