package dev.keyceremony.localkms.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.ops.Caller;
import dev.keyceremony.localkms.ops.Dispatcher;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP edge: every request gets an x-amzn-RequestId, SigV4 verification, routing on
 * X-Amz-Target, fault injection and quotas, and an awsJson1.1 answer. Every failure, whatever the
 * input, becomes a well-formed JSON error; only internal faults are 5xx.
 */
public final class KmsHttpHandler implements Function<HttpRequest, HttpResponse> {
  private static final Logger LOG = Logger.getLogger(KmsHttpHandler.class.getName());
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
  public HttpResponse apply(HttpRequest ex) {
    String requestId = UUID.randomUUID().toString();
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
      result =
          error("KMSInternalException", "An internal error occurred (request " + requestId + ").");
    }
    try {
      return new HttpResponse(status, Json.MAPPER.writeValueAsBytes(result), requestId);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize a response", e);
    }
  }

  private ObjectNode process(HttpRequest ex) {
    String path = ex.rawPath();
    byte[] body = ex.body();
    if (path.startsWith("/_local/")) {
      return admin.handle(ex, path, body);
    }
    Map<String, List<String>> headers = ex.headers();
    SigV4Verifier.Verified v = verifier.verify(ex.method(), path, ex.rawQuery(), headers, body);
    String target = ex.header("x-amz-target");
    if (!"POST".equals(ex.method())
        || target == null
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
          "SerializationException",
          "The request body must be a JSON object, got " + n.getNodeType() + ".");
    }
    return (ObjectNode) n;
  }

  static ObjectNode error(String type, String message) {
    ObjectNode e = Json.object();
    e.put("__type", type);
    e.put("message", message == null ? "" : message);
    return e;
  }
}
