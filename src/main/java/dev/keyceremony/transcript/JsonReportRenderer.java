package dev.keyceremony.transcript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The machine-readable view: the verification result and every readable entry, as JSON. */
public final class JsonReportRenderer {
  private JsonReportRenderer() {}

  public static String render(VerificationReport r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode v = root.putObject("verification");
    v.put("headline", r.headline());
    v.put("status", r.status().name());
    v.put("verdict", r.verdict().name());
    ObjectNode oc = v.putObject("outcome");
    oc.put("kind", r.outcome().kind().name());
    oc.put("step", r.outcome().step());
    oc.put("cause", r.outcome().cause());
    oc.put("line", r.outcome().line());
    oc.put("detail", r.outcome().detail());
    ObjectNode t = v.putObject("signer");
    t.put("status", r.trust().status().name());
    t.put("pinName", r.trust().pinName());
    v.put("summary", r.summary());
    v.put("ceremony", r.ceremonyId());
    v.put("signerFingerprintSha256", r.signerFingerprint());
    v.put("lineCount", r.lineCount());
    v.put("signedLineCount", r.signedLineCount());
    findings(v.putArray("problems"), r.problems());
    findings(v.putArray("warnings"), r.warnings());
    ArrayNode entries = root.putArray("entries");
    for (TranscriptEntry e : r.entries()) {
      ObjectNode o = entries.addObject();
      o.put("seq", e.seq());
      o.put("time", e.time());
      o.put("ceremony", e.ceremony());
      o.put("type", e.type());
      o.put("actor", e.actor());
      o.set("data", e.data());
      o.put("prev", e.prev());
      o.put("sha256", e.sha256());
    }
    try {
      return CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a JSON tree: " + e.getOriginalMessage(), e);
    }
  }

  private static void findings(ArrayNode out, List<Finding> findings) {
    for (Finding x : findings) {
      ObjectNode o = out.addObject();
      o.put("line", x.line());
      o.put("file", x.file());
      o.put("message", x.message());
    }
  }
}
