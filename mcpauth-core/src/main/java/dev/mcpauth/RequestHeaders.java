package dev.mcpauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A case-insensitive, multi-valued view of a request's headers: the only request input the verifier
 * reads. Every value of a name is kept (a second {@code Authorization} line is an error, not
 * something to skip), and {@link #toString()} never prints a value.
 *
 * <p>Adapters build one per request, cheaply: {@link #of(Map)} looks names up lazily without
 * copying, {@link #of(Function)} delegates to the framework's own case-insensitive lookup.
 */
public final class RequestHeaders {
  private final Function<String, List<String>> lookup;
  private final String method;
  private final String path;
  private final String query;
  private final X509Certificate clientCertificate;

  private RequestHeaders(Function<String, List<String>> lookup) {
    this(lookup, null, null, null, null);
  }

  private RequestHeaders(
      Function<String, List<String>> lookup,
      String method,
      String path,
      String query,
      X509Certificate clientCertificate) {
    this.lookup = lookup;
    this.method = method;
    this.path = path;
    this.query = query;
    this.clientCertificate = clientCertificate;
  }

  /**
   * The same headers, with the request's method and path (without query), which DPoP proofs are
   * checked against ({@code htm}, {@code htu}). Adapters always supply them.
   */
  public RequestHeaders withRequestLine(String method, String path) {
    return new RequestHeaders(
        lookup,
        Objects.requireNonNull(method, "method"),
        Objects.requireNonNull(path, "path"),
        query,
        clientCertificate);
  }

  /**
   * The same headers with the request's raw query string (without {@code ?}), which the MCP gate
   * reads for the SSE transport's {@code sessionId} parameter. Tokens are never read from it.
   */
  public RequestHeaders withQuery(String rawQuery) {
    return new RequestHeaders(lookup, method, path, rawQuery, clientCertificate);
  }

  /**
   * The same headers with the certificate the client authenticated with in the TLS handshake
   * (mutual TLS, where the server terminates TLS), which a certificate-bound token (RFC 8705 §3) is
   * checked against. Adapters supply it when their server has one; null means none.
   */
  public RequestHeaders withClientCertificate(X509Certificate certificate) {
    return new RequestHeaders(lookup, method, path, query, certificate);
  }

  /** The client's TLS certificate, when the adapter supplied one. */
  public Optional<X509Certificate> clientCertificate() {
    return Optional.ofNullable(clientCertificate);
  }

  /** The request method, when the adapter supplied it. */
  public Optional<String> method() {
    return Optional.ofNullable(method);
  }

  /** The request path without query, when the adapter supplied it. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /**
   * Every value of query parameter {@code name} (percent-decoded as UTF-8); empty without a query.
   */
  public List<String> queryParameter(String name) {
    if (query == null || query.isEmpty()) {
      return List.of();
    }
    List<String> values = new ArrayList<>(1);
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(key).equals(name)) {
        values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return values;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a malformed escape is compared as written
    }
  }

  /**
   * A view over a map whose keys may be in any case; values of keys that differ only in case are
   * concatenated. The map is read, not copied: do not mutate it while verifying.
   */
  public static RequestHeaders of(Map<String, List<String>> headers) {
    Objects.requireNonNull(headers, "headers");
    return new RequestHeaders(
        name -> {
          List<String> found = null;
          for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
              if (found == null) {
                found = e.getValue();
              } else {
                List<String> merged = new ArrayList<>(found);
                merged.addAll(e.getValue());
                found = merged;
              }
            }
          }
          return found == null ? List.of() : found;
        });
  }

  /**
   * A view over a lookup function that returns every value of a header name, matching names
   * case-insensitively (as servlet, Javalin and Undertow lookups do). A null result means no
   * values.
   */
  public static RequestHeaders of(Function<String, List<String>> lookup) {
    Objects.requireNonNull(lookup, "lookup");
    return new RequestHeaders(lookup);
  }

  /**
   * A view over a case-insensitive lookup, with the request's method and path (without query), as
   * adapters build it: one object per request.
   */
  public static RequestHeaders of(
      String method, String path, Function<String, List<String>> lookup) {
    return new RequestHeaders(
        Objects.requireNonNull(lookup, "lookup"),
        Objects.requireNonNull(method, "method"),
        Objects.requireNonNull(path, "path"),
        null,
        null);
  }

  /** A view with no headers. */
  public static RequestHeaders empty() {
    return new RequestHeaders(name -> List.of());
  }

  /** Every value of {@code name}, in order; empty when absent. Never null; do not modify it. */
  public List<String> values(String name) {
    List<String> values = lookup.apply(name);
    return values == null ? List.of() : values;
  }

  /** Redacted: header values may be credentials. */
  @Override
  public String toString() {
    return "RequestHeaders{<redacted>}";
  }
}
