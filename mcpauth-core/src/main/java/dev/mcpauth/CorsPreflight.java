package dev.mcpauth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one rule for CORS preflights, for every path MCP Auth answers (a protected route, the MCP
 * endpoint, the metadata documents): {@code OPTIONS} with {@code Origin} and {@code
 * Access-Control-Request-Method} is a preflight; it is answered 204 with what that path allows and
 * never challenged (browsers send it without credentials) nor passed on (it carries no operation).
 * Any origin is allowed here: bearer tokens are never sent automatically by a browser, so CORS
 * protects nothing of theirs; the MCP endpoint's own origin check runs in {@link McpGate}.
 */
final class CorsPreflight {
  private CorsPreflight() {}

  /** Whether the request is a CORS preflight. False when the adapter did not supply the method. */
  static boolean is(RequestHeaders headers) {
    return headers.method().map("OPTIONS"::equals).orElse(false)
        && !headers.values("Origin").isEmpty()
        && !headers.values("Access-Control-Request-Method").isEmpty();
  }

  /**
   * The 204 answer.
   *
   * @param methods the methods the path allows
   * @param allowHeaders the request headers it accepts, or null for none
   * @param exposeHeaders the response headers scripts may read, or null for none
   */
  static HttpResponse answer(String methods, String allowHeaders, String exposeHeaders) {
    return answer(methods, allowHeaders, exposeHeaders, new LinkedHashMap<>());
  }

  /** {@link #answer(String, String, String)} after headers already chosen. */
  static HttpResponse answer(
      String methods, String allowHeaders, String exposeHeaders, Map<String, String> headers) {
    headers.put("Access-Control-Allow-Origin", "*");
    headers.put("Access-Control-Allow-Methods", methods);
    if (allowHeaders != null) {
      headers.put("Access-Control-Allow-Headers", allowHeaders);
    }
    if (exposeHeaders != null) {
      headers.put("Access-Control-Expose-Headers", exposeHeaders);
    }
    headers.put("Access-Control-Max-Age", "86400");
    return new HttpResponse(204, headers, "");
  }
}
