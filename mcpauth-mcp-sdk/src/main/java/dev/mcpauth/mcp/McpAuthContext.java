package dev.mcpauth.mcp;

import dev.mcpauth.AuthInfo;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Hands the caller's {@link AuthInfo} from {@link McpAuthFilter} to MCP tool handlers through the SDK's
 * {@link McpTransportContext}, the Java counterpart of the peers' {@code authInfo} argument and
 * {@code mcp_auth.auth_info}. Tool handlers run on Reactor threads, so nothing here uses ThreadLocals.
 *
 * <pre>{@code
 * HttpServletStreamableServerTransportProvider.builder()
 *     .contextExtractor(McpAuthContext.extractor())
 *     .build();
 * // in a tool handler:
 * AuthInfo who = McpAuthContext.authInfo(exchange).orElseThrow();
 * }</pre>
 */
public final class McpAuthContext {
  /** The request attribute and transport-context key under which the {@link AuthInfo} is stored. */
  public static final String AUTH_INFO_KEY = "dev.mcpauth.AuthInfo";

  private static final McpTransportContextExtractor<HttpServletRequest> EXTRACTOR =
      request -> McpTransportContext.create(metadata(request));

  private McpAuthContext() {}

  /** An extractor that copies the verified {@link AuthInfo} into each request's transport context. */
  public static McpTransportContextExtractor<HttpServletRequest> extractor() {
    return EXTRACTOR;
  }

  /**
   * The transport-context entries for a request, for users who build their own context with more
   * entries (empty when the request was not authorized by {@link McpAuthFilter}).
   */
  public static Map<String, Object> metadata(ServletRequest request) {
    Object info = request.getAttribute(AUTH_INFO_KEY);
    return info instanceof AuthInfo ? Map.of(AUTH_INFO_KEY, info) : Map.of();
  }

  /** The caller's identity stored on a servlet request by {@link McpAuthFilter}. */
  public static Optional<AuthInfo> authInfo(ServletRequest request) {
    Object info = request.getAttribute(AUTH_INFO_KEY);
    return info instanceof AuthInfo ? Optional.of((AuthInfo) info) : Optional.empty();
  }

  /** The caller's identity in a transport context (stateless handlers receive the context directly). */
  public static Optional<AuthInfo> authInfo(McpTransportContext context) {
    Object info = context == null ? null : context.get(AUTH_INFO_KEY);
    return info instanceof AuthInfo ? Optional.of((AuthInfo) info) : Optional.empty();
  }

  /** The caller's identity in a stateful tool handler. */
  public static Optional<AuthInfo> authInfo(McpSyncServerExchange exchange) {
    return authInfo(exchange.transportContext());
  }
}
