package dev.mcpauth.mcp;

import dev.mcpauth.AuthInfo;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the caller's {@link AuthInfo} in MCP tool handlers, from the SDK's {@link McpTransportContext}:
 * the Java counterpart of the peers' {@code authInfo} argument and {@code mcp_auth.auth_info}. Tool
 * handlers run on Reactor threads, so nothing here uses ThreadLocals. Independent of any HTTP server:
 * the servlet filter fills the context through {@link dev.mcpauth.mcp.servlet.McpAuthContextExtractor#contextExtractor()}, the Undertow
 * handler fills it itself.
 *
 * <pre>{@code
 * AuthInfo who = McpAuthContext.authInfo(exchange).orElseThrow();          // stateful handlers
 * AuthInfo who = McpAuthContext.authInfo(transportContext).orElseThrow();  // stateless handlers
 * }</pre>
 */
public final class McpAuthContext {
  private McpAuthContext() {}

  /** A transport context holding the caller's identity. */
  public static McpTransportContext contextFor(AuthInfo info) {
    return McpTransportContext.create(Map.of(AuthInfo.KEY, Objects.requireNonNull(info, "info")));
  }

  /** The caller's identity in a transport context (stateless handlers receive the context directly). */
  public static Optional<AuthInfo> authInfo(McpTransportContext context) {
    Object info = context == null ? null : context.get(AuthInfo.KEY);
    return info instanceof AuthInfo ? Optional.of((AuthInfo) info) : Optional.empty();
  }

  /** The caller's identity in a stateful tool handler. */
  public static Optional<AuthInfo> authInfo(McpSyncServerExchange exchange) {
    return authInfo(exchange.transportContext());
  }
}
