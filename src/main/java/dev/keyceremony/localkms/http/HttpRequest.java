package dev.keyceremony.localkms.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * One complete HTTP request as {@link KmsHttpServer} hands it to the handler: the body is read in
 * full (within the size limit and the read deadline) before the handler runs.
 *
 * @param method the request method, as sent (case-sensitive, e.g. POST)
 * @param rawPath the path, still percent-encoded (SigV4 signs it so)
 * @param rawQuery the query string without '?', or null
 * @param headers header values by lower-case name, in arrival order
 * @param body the request body (empty when none)
 * @param peer the client's address
 */
public record HttpRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    InetAddress peer) {

  /** The first value of a header (lower-case name), or null. */
  public String header(String lowerCaseName) {
    List<String> v = headers.get(lowerCaseName);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
