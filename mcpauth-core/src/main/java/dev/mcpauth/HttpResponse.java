package dev.mcpauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response the core prepared, for an adapter to write verbatim (metadata documents, CORS
 * preflight answers, 404 for a path that looked like a metadata path): status, headers in order,
 * and a body (empty for HEAD, OPTIONS and 405).
 *
 * @param status the HTTP status
 * @param headers header names and values, in the order to write them
 * @param body the body, UTF-8; empty when there is none
 */
public record HttpResponse(int status, Map<String, String> headers, String body) {
  /** Copies the headers so the response is immutable. */
  public HttpResponse {
    headers = OrderedHeaders.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /**
   * 404 with a small JSON body, for a request an adapter routed to MCP Auth that is not one of its
   * paths.
   */
  public static HttpResponse notFound() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    return new HttpResponse(404, headers, "{\"error\":\"not_found\"}");
  }
}
