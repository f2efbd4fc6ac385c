package dev.mcpauth;

import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response the core decided, ready for an adapter to write verbatim (metadata documents, CORS
 * preflights of the MCP endpoint): status, headers in order, and a body (empty for HEAD, OPTIONS and 405).
 *
 * @param status the HTTP status
 * @param headers header names and values, in the order to write them
 * @param body the body, UTF-8; empty when there is none
 */
public record MetadataResponse(int status, Map<String, String> headers, String body) {
  /** Copies the headers so the response is immutable. */
  public MetadataResponse {
    headers = OrderedHeaders.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }
}
