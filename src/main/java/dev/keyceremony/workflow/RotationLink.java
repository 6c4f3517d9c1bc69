package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.KeyRotate;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rotation's link to the bundle of the ceremony that imported the key's current material ({@code
 * key.rotate.previous-bundle}): the bundle must verify, have succeeded and be about the same key;
 * line 1 then records {@code rotationOf} (its path, the SHA-256 of its transcript, its
 * KeyMaterialId and HSM object).
 */
final class RotationLink {
  private RotationLink() {}

  /** The environment with the link added, or null after printing why the bundle cannot be used. */
  static Map<String, Object> environment(
      CeremonyScript s, Map<String, Object> env, PrintWriter err) {
    KeyRotate r = s.key().rotate();
    if (r == null || r.previousBundle() == null) {
      return env;
    }
    ReimportSource src;
    try {
      src = ReimportSource.read(r.previousBundle());
    } catch (BundleOpener.Refusal e) {
      err.println("key.rotate.previous-bundle: " + e.getMessage().replaceFirst("^reimport: ", ""));
      return null;
    }
    String key = r.keyId();
    if (!key.equals(src.keyArn()) && !key.equals(src.keyId())) {
      err.println(
          "key.rotate.previous-bundle: "
              + src.bundle()
              + " is the ceremony "
              + src.ceremonyId()
              + " of key "
              + src.keyArn()
              + ", not of "
              + key
              + "; name the"
              + " bundle that imported this key's current material; nothing was done");
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>(env);
    m.put("rotationOf", src.link());
    return m;
  }
}
