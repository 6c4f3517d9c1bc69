package dev.keyceremony.kms.sdk;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * --debug: request line and headers as sent, response status and headers as received. The signature
 * in Authorization and any session token are replaced; bodies are not printed here (the document
 * layer prints them with blobs reduced to length and SHA-256).
 */
final class DebugInterceptor implements ExecutionInterceptor {
  private final Consumer<String> sink;

  DebugInterceptor(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    SdkHttpRequest r = context.httpRequest();
    StringBuilder b =
        new StringBuilder("Sending http request: ")
            .append(r.method())
            .append(' ')
            .append(r.getUri());
    appendHeaders(b, r.headers());
    sink.accept(b.toString());
  }

  @Override
  public void afterTransmission(
      Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
    StringBuilder b =
        new StringBuilder("Response headers: HTTP ").append(context.httpResponse().statusCode());
    appendHeaders(b, context.httpResponse().headers());
    sink.accept(b.toString());
  }

  private static void appendHeaders(StringBuilder b, Map<String, List<String>> headers) {
    headers.forEach(
        (name, values) -> {
          for (String v : values) {
            b.append("\n  ").append(name).append(": ").append(redactHeader(name, v));
          }
        });
  }

  /** Never prints a signature or a session token; keeps what helps debugging. */
  static String redactHeader(String name, String value) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("authorization")) {
      int sig = value.indexOf("Signature=");
      return sig < 0 ? "<redacted>" : value.substring(0, sig) + "Signature=<redacted>";
    }
    if (n.equals("x-amz-security-token")) {
      return "<redacted>";
    }
    return value;
  }
}
