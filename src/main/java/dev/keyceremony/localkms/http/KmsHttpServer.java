package dev.keyceremony.localkms.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local KMS's HTTP/1.1 server: one thread per open connection (up to {@link
 * Limits#maxConnections()}), so a stalled client holds only its own thread; every read runs against
 * a deadline (idle time between requests, then one budget for the request line, headers and body);
 * request size is bounded; and every answer, including one for bytes that are not HTTP at all, is
 * an awsJson1.1 body with {@code __type} and {@code message}. Error answers that end the connection
 * close it gracefully (output shut down, unread input drained for a bounded time) so the client
 * reads the answer instead of a reset. See docs/decisions/0016-local-kms-http-server.md for why
 * this is not the JDK's HttpServer.
 */
public final class KmsHttpServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KmsHttpServer.class.getName());
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
  private static final int MAX_HEADER_LINES = 100;

  /** How long and how much unread input a graceful close drains before it closes anyway. */
  private static final long DRAIN_MILLIS = 5_000;

  private static final long DRAIN_BYTES = 64L << 20;

  /**
   * Limits of one server.
   *
   * @param maxBodyBytes largest accepted request body
   * @param maxHeaderBytes largest request line plus headers
   * @param requestTimeoutMillis time from a request's first byte to its last
   * @param idleTimeoutMillis time a kept-alive connection may wait for its next request
   * @param maxConnections connections served at once; more are answered 503 and closed
   */
  public record Limits(
      int maxBodyBytes,
      int maxHeaderBytes,
      long requestTimeoutMillis,
      long idleTimeoutMillis,
      int maxConnections) {
    public static final Limits DEFAULT = new Limits(1 << 20, 16 << 10, 20_000, 60_000, 256);

    public Limits {
      if (maxBodyBytes < 1
          || maxHeaderBytes < 256
          || requestTimeoutMillis < 1
          || idleTimeoutMillis < 1
          || maxConnections < 1) {
        throw new IllegalArgumentException(
            "invalid HTTP limits: "
                + maxBodyBytes
                + ", "
                + maxHeaderBytes
                + ", "
                + requestTimeoutMillis
                + ", "
                + idleTimeoutMillis
                + ", "
                + maxConnections);
      }
    }
  }

  private final ServerSocket serverSocket;
  private final Function<HttpRequest, HttpResponse> handler;
  private final Limits limits;
  private final ThreadPoolExecutor workers;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean closed;

  public KmsHttpServer(
      InetAddress bind, int port, Limits limits, Function<HttpRequest, HttpResponse> handler)
      throws IOException {
    this.limits = limits;
    this.handler = handler;
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(bind, port), 128);
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            limits.maxConnections(),
            limits.maxConnections(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "localkms-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    workers.allowCoreThreadTimeOut(true);
    this.acceptor = new Thread(this::acceptLoop, "localkms-accept");
    acceptor.setDaemon(true);
  }

  public void start() {
    acceptor.start();
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Connections open right now (tests, benchmarks). */
  public int openConnections() {
    return active.get();
  }

  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
    workers.shutdownNow();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = serverSocket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "accept failed: " + e.getMessage());
        }
        continue;
      }
      if (active.incrementAndGet() > limits.maxConnections()) {
        active.decrementAndGet();
        // Answer on a short-lived thread: the acceptor must never wait on one client.
        Thread t = new Thread(() -> refuse(s), "localkms-refuse");
        t.setDaemon(true);
        t.start();
        continue;
      }
      open.add(s);
      try {
        workers.execute(() -> serve(s));
      } catch (RuntimeException e) {
        open.remove(s);
        active.decrementAndGet();
        closeQuietly(s);
      }
    }
  }

  private void refuse(Socket s) {
    try {
      s.setSoTimeout(1000);
      writeResponse(
          s.getOutputStream(),
          error(
              503,
              "ServiceUnavailableException",
              "The local KMS is serving "
                  + limits.maxConnections()
                  + " connections, its limit; retry later."),
          false);
      gracefulClose(s);
    } catch (IOException e) {
      closeQuietly(s);
    }
  }

  private void serve(Socket s) {
    try {
      s.setTcpNoDelay(true);
      DeadlineStream raw = new DeadlineStream(s);
      InputStream in = new BufferedInputStream(raw, 8192);
      OutputStream out = s.getOutputStream();
      while (!closed) {
        raw.deadline(limits.idleTimeoutMillis());
        int first;
        try {
          first = in.read();
        } catch (SocketTimeoutException idle) {
          break; // An idle kept-alive connection: close it quietly, as AWS does.
        }
        if (first < 0) {
          break;
        }
        raw.deadline(limits.requestTimeoutMillis());
        HttpResponse response;
        boolean keepAlive;
        try {
          Parsed p = readRequest(s, first, in, out);
          response = handle(p.request());
          keepAlive = p.keepAlive();
        } catch (Reject r) {
          writeResponse(out, r.response, false);
          gracefulClose(s);
          return;
        } catch (SocketTimeoutException t) {
          writeResponse(
              out,
              error(
                  408,
                  "RequestTimeoutException",
                  "The request was not received in full within "
                      + limits.requestTimeoutMillis()
                      + " ms; the connection is closed."),
              false);
          gracefulClose(s);
          return;
        }
        writeResponse(out, response, keepAlive);
        if (!keepAlive) {
          gracefulClose(s);
          return;
        }
      }
    } catch (IOException e) {
      // The client went away or the server is closing: nothing to answer.
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "connection failed: " + e.getClass().getName());
    } finally {
      closeQuietly(s);
      open.remove(s);
      active.decrementAndGet();
    }
  }

  private HttpResponse handle(HttpRequest request) {
    try {
      return handler.apply(request);
    } catch (RuntimeException | StackOverflowError e) {
      String id = UUID.randomUUID().toString();
      LOG.log(Level.WARNING, "internal error in request " + id + ": " + e.getClass());
      return error(
          500, "KMSInternalException", "An internal error occurred (request " + id + ").", id);
    }
  }

  private record Parsed(HttpRequest request, boolean keepAlive) {}

  /** An answer that also ends the connection. */
  private static final class Reject extends Exception {
    private static final long serialVersionUID = 1L;
    final transient HttpResponse response;

    Reject(int status, String type, String message) {
      super(message, null, false, false);
      this.response = error(status, type, message);
    }
  }

  private Parsed readRequest(Socket s, int first, InputStream in, OutputStream out)
      throws IOException, Reject {
    int[] budget = {limits.maxHeaderBytes()};
    String requestLine = readLine(in, first, budget);
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
      throw new Reject(
          400,
          "SerializationException",
          "Malformed HTTP request line (expected 'METHOD /path HTTP/1.1'): '"
              + printable(requestLine)
              + "'");
    }
    String version = parts[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new Reject(
          505,
          "SerializationException",
          "Unsupported HTTP version '" + printable(version) + "'; use HTTP/1.1.");
    }
    String target = parts[1];
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      throw new Reject(
          400,
          "SerializationException",
          "Malformed request path '" + printable(target) + "': " + e.getReason() + ".");
    }
    String rawPath = uri.getRawPath();
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw new Reject(
          400,
          "SerializationException",
          "Malformed request path '" + printable(target) + "': it must start with '/'.");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int lines = 0; ; lines++) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("client closed the connection mid-headers");
      }
      String line = readLine(in, c, budget);
      if (line.isEmpty()) {
        break;
      }
      if (lines >= MAX_HEADER_LINES) {
        throw new Reject(
            431,
            "SerializationException",
            "The request has more than " + MAX_HEADER_LINES + " header fields.");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        throw new Reject(
            400, "SerializationException", "Malformed HTTP header line: '" + printable(line) + "'");
      }
      headers
          .computeIfAbsent(
              line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    if (headers.containsKey("transfer-encoding")) {
      throw new Reject(
          411,
          "SerializationException",
          "Transfer-Encoding '"
              + printable(headers.get("transfer-encoding").get(0))
              + "' is not supported; send the body with a Content-Length.");
    }
    long length = 0;
    List<String> lengths = headers.get("content-length");
    if (lengths != null) {
      if (lengths.stream().distinct().count() != 1 || !lengths.get(0).matches("[0-9]{1,18}")) {
        throw new Reject(
            400,
            "SerializationException",
            "Invalid Content-Length " + printable(String.join(", ", lengths)) + ".");
      }
      length = Long.parseLong(lengths.get(0));
    }
    if (length > limits.maxBodyBytes()) {
      throw new Reject(
          413,
          "SerializationException",
          "The request body has "
              + length
              + " bytes; the local KMS accepts at most "
              + limits.maxBodyBytes()
              + " bytes.");
    }
    String expect = first(headers, "expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue") && length > 0) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new IOException("client closed the connection mid-body");
    }
    String connection = first(headers, "connection");
    // HEAD gets the JSON body too, then the connection ends, so no client can misframe it.
    boolean keepAlive =
        !parts[0].equals("HEAD")
            && (version.equals("HTTP/1.1")
                ? connection == null || !connection.equalsIgnoreCase("close")
                : connection != null && connection.equalsIgnoreCase("keep-alive"));
    HttpRequest request =
        new HttpRequest(parts[0], rawPath, uri.getRawQuery(), headers, body, s.getInetAddress());
    return new Parsed(request, keepAlive);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Reads one line (CRLF or LF) starting with {@code first}, charging it to the header budget. */
  private String readLine(InputStream in, int first, int[] budget) throws IOException, Reject {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int c = first;
    while (true) {
      if (c < 0) {
        throw new IOException("client closed the connection mid-line");
      }
      if (--budget[0] < 0) {
        throw new Reject(
            431,
            "SerializationException",
            "The request line and headers exceed " + limits.maxHeaderBytes() + " bytes.");
      }
      if (c == '\n') {
        break;
      }
      line.write(c);
      c = in.read();
    }
    byte[] b = line.toByteArray();
    int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    for (int i = 0; i < n; i++) {
      if (b[i] == '\r' || b[i] == 0) {
        throw new Reject(
            400,
            "SerializationException",
            "Malformed HTTP request: a control character inside a line.");
      }
    }
    return new String(b, 0, n, StandardCharsets.ISO_8859_1);
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** At most 200 characters, non-printable ones as '?': safe to echo in a message. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c >= 32 && c < 127 ? c : '?');
    }
    if (s.length() > 200) {
      b.append("...");
    }
    return b.toString();
  }

  static HttpResponse error(int status, String type, String message) {
    return error(status, type, message, UUID.randomUUID().toString());
  }

  static HttpResponse error(int status, String type, String message, String requestId) {
    ObjectNode e = Json.object();
    e.put("__type", type);
    e.put("message", message == null ? "" : message);
    try {
      return new HttpResponse(status, Json.MAPPER.writeValueAsBytes(e), requestId);
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static void writeResponse(OutputStream out, HttpResponse r, boolean keepAlive)
      throws IOException {
    String head =
        "HTTP/1.1 "
            + r.status()
            + " "
            + reason(r.status())
            + "\r\n"
            + "Content-Type: application/x-amz-json-1.1\r\n"
            + "x-amzn-RequestId: "
            + r.requestId()
            + "\r\n"
            + "Date: "
            + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))
            + "\r\n"
            + "Content-Length: "
            + r.body().length
            + "\r\n"
            + (keepAlive ? "" : "Connection: close\r\n")
            + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + r.body().length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(r.body(), 0, all, h.length, r.body().length);
    out.write(all);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 411 -> "Length Required";
      case 413 -> "Payload Too Large";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status";
    };
  }

  /**
   * Ends a connection after an answer without a TCP reset: shut our side down, then read and
   * discard what the client still sends (bounded in time and bytes) before closing. Closing with
   * unread input would make the kernel send RST, and the client could lose the answer.
   */
  private static void gracefulClose(Socket s) {
    try {
      s.shutdownOutput();
      long end = System.currentTimeMillis() + DRAIN_MILLIS;
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      long drained = 0;
      while (drained < DRAIN_BYTES) {
        long left = end - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        s.setSoTimeout((int) Math.min(left, 1000));
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException t) {
          continue;
        }
        if (n < 0) {
          break;
        }
        drained += n;
      }
    } catch (IOException ignored) {
      // Closing anyway.
    } finally {
      closeQuietly(s);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Nothing more to do.
    }
  }

  /** The socket's input, each read bounded by the time left to the current deadline. */
  private static final class DeadlineStream extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private long deadline;

    DeadlineStream(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
    }

    void deadline(long millisFromNow) {
      this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millisFromNow);
    }

    private void arm() throws IOException {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
    }

    @Override
    public int read() throws IOException {
      arm();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return in.read(b, off, len);
    }
  }
}
