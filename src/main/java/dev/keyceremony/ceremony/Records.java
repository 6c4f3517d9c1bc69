package dev.keyceremony.ceremony;

import dev.keyceremony.hsm.SecurityAttributes;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.TokenFacts;
import dev.keyceremony.hsm.WrapProof;
import dev.keyceremony.kms.KeyInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns port values into transcript data (maps of plain values; never a secret). */
final class Records {
  private Records() {}

  static Map<String, Object> token(TokenFacts f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modulePath", f.modulePath());
    m.put("moduleSha256", f.moduleSha256());
    m.put(
        "library",
        f.libraryDescription()
            + " "
            + f.libraryVersion()
            + " ("
            + f.libraryManufacturer()
            + "), Cryptoki "
            + f.cryptokiVersion());
    m.put("slotId", f.slotId());
    m.put("label", f.label());
    m.put("manufacturer", f.manufacturer());
    m.put("model", f.model());
    m.put("serial", f.serial());
    m.put("hardwareVersion", f.hardwareVersion());
    m.put("firmwareVersion", f.firmwareVersion());
    List<String> mechs = new ArrayList<>();
    for (TokenFacts.MechanismInfo mi : f.mechanisms()) {
      mechs.add(mi.name());
    }
    m.put("mechanisms", mechs);
    return m;
  }

  static List<Map<String, Object>> wrapProofs(List<WrapProof> proofs) {
    List<Map<String, Object>> l = new ArrayList<>();
    for (WrapProof p : proofs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("keySpec", p.keySpec().name());
      m.put("algorithm", p.algorithm().name());
      m.put("passed", p.passed());
      m.put("mechanism", p.mechanism());
      m.put("detail", p.detail());
      l.add(m);
    }
    return l;
  }

  static Map<String, Object> selfTest(SelfTestReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wrappingKeySpec", r.wrappingKeySpec().name());
    List<Object> results = new ArrayList<>();
    for (SelfTestReport.Result x : r.results()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("algorithm", x.algorithm().name());
      e.put("passed", x.passed());
      e.put("mechanism", String.valueOf(x.mechanism()));
      if (x.detail() != null) {
        e.put("detail", x.detail());
      }
      results.add(e);
    }
    m.put("results", results);
    return m;
  }

  static Map<String, Object> key(KeyInfo k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("keyId", k.keyId());
    m.put("arn", k.arn());
    m.put("account", k.accountId());
    m.put("keySpec", k.keySpec());
    m.put("keyUsage", k.keyUsage());
    m.put("origin", k.origin());
    m.put("keyState", k.keyState());
    m.put("enabled", k.enabled());
    putIf(m, "expirationModel", k.expirationModel());
    putIf(m, "validTo", k.validTo() == null ? null : k.validTo().toString());
    putIf(m, "currentKeyMaterialId", k.currentKeyMaterialId());
    m.put("multiRegion", k.multiRegion());
    return m;
  }

  static Map<String, Object> attributes(SecurityAttributes a) {
    Map<String, Object> m = new LinkedHashMap<>();
    putIf(m, "sensitive", a.sensitive());
    putIf(m, "extractable", a.extractable());
    putIf(m, "alwaysSensitive", a.alwaysSensitive());
    putIf(m, "neverExtractable", a.neverExtractable());
    putIf(m, "local", a.local());
    putIf(m, "wrapWithTrusted", a.wrapWithTrusted());
    putIf(m, "private", a.privateObject());
    putIf(m, "token", a.token());
    return m;
  }

  static void putIf(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
