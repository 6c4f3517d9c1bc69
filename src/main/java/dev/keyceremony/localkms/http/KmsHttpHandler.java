package dev.keyceremony.localkms.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.ops.Caller;
import dev.keyceremony.localkms.ops.Dispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP edge: every request gets an x-amzn-RequestId, SigV4 verification, routing on
 * X-Amz-Target, fault injection and quotas, and an awsJson1.1 answer. Every failure, whatever the
 * input, becomes a well-formed JSON error; only internal faults are 5xx.
 */
public final class KmsHttpHandler implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(KmsHttpHandler.class.getName());
  private static final int MAX_BODY = 1 << 20;
  private static final String TARGET_PREFIX = "TrentService.";
  private final SigV4Verifier verifier;
  private final Dispatcher dispatcher;
  private final Faults faults;
  private final QuotaLimiter quotas;
  private final AdminHandler admin;

  public KmsHttpHandler(
      SigV4Verifier verifier,
      Dispatcher dispatcher,
      Faults faults,
      QuotaLimiter quotas,
      AdminHandler admin) {
    this.verifier = verifier;
    this.dispatcher = dispatcher;
    this.faults = faults;
    this.quotas = quotas;
    this.admin = admin;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String requestId = UUID.randomUUID().toString();
    try {
      ObjectNode result;
      int status = 200;
      try {
        result = process(ex);
      } catch (KmsError e) {
        status = e.status();
        result = error(e.type(), e.getMessage());
      } catch (RuntimeException | StackOverflowError e) {
        // Never echo internals or secrets; the class name is enough to debug.
        LOG.log(Level.WARNING, "internal error in request " + requestId + ": " + e.getClass());
        status = 500;
        result = error("KMSInternalException", "An internal error occurred (request " + requestId
            + ").");
      }
      send(ex, status, result, requestId);
    } finally {
      ex.close();
    }
  }

  private ObjectNode process(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    byte[] body = readBody(ex.getRequestBody());
    if (path != null && path.startsWith("/_local/")) {
      return admin.handle(ex, path, body);
    }
    Map<String, List<String>> headers = new HashMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    SigV4Verifier.Verified v =
        verifier.verify(
            ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), headers, body);
    List<String> targets = headers.get("x-amz-target");
    String target = targets == null || targets.isEmpty() ? null : targets.get(0);
    if (!"POST".equals(ex.getRequestMethod()) || target == null
        || !target.startsWith(TARGET_PREFIX)
        || !dispatcher.knows(target.substring(TARGET_PREFIX.length()))) {
      throw new KmsError("UnknownOperationException", "");
    }
    String operation = target.substring(TARGET_PREFIX.length());
    Caller caller = new Caller(v.credentials().accountId(), v.region());
    faults.apply();
    if (quotas != null) {
      quotas.acquire(caller.account(), caller.region(), operation);
    }
    return dispatcher.dispatch(operation, caller, new JsonRequest(parse(body)));
  }

  static ObjectNode parse(byte[] body) {
    if (body.length == 0) {
      return Json.object();
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new KmsError("SerializationException", "The request body is not valid JSON.");
    } catch (IOException e) {
      throw new KmsError("SerializationException", "The request body could not be read.");
    }
    if (n == null || n.isMissingNode()) {
      return Json.object();
    }
    if (!n.isObject()) {
      throw new KmsError(
          "SerializationException", "The request body must be a JSON object, got " + n.getNodeType()
              + ".");
    }
    return (ObjectNode) n;
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY + 1);
    if (b.length > MAX_BODY) {
      throw new KmsError("SerializationException", "The request body exceeds " + MAX_BODY
          + " bytes.");
    }
    return b;
  }

  static ObjectNode error(String type, String message) {
    ObjectNode e = Json.object();
    e.put("__type", type);
    e.put("message", message == null ? "" : message);
    return e;
  }

  static void send(HttpExchange ex, int status, ObjectNode body, String requestId)
      throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
