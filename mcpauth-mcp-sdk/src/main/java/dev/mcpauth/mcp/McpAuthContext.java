package dev.mcpauth.mcp;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.McpGate;
import dev.mcpauth.StepUp;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the caller's {@link AuthInfo} in MCP tool handlers, from the SDK's {@link
 * McpTransportContext}: the Java counterpart of the peers' {@code authInfo} argument and {@code
 * mcp_auth.auth_info}. Tool handlers run on Reactor threads, so nothing here uses ThreadLocals.
 * Independent of any HTTP server: the servlet filter fills the context through {@link
 * dev.mcpauth.mcp.servlet.McpAuthContextExtractor#contextExtractor()}, the Undertow handler fills
 * it itself.
 *
 * <pre>{@code
 * AuthInfo who = McpAuthContext.authInfo(exchange).orElseThrow();          // stateful handlers
 * AuthInfo who = McpAuthContext.authInfo(transportContext).orElseThrow();  // stateless handlers
 * McpAuthContext.requireScopes(transportContext, "read:private-notes");      // step up mid-call
 * }</pre>
 */
public final class McpAuthContext {
  private McpAuthContext() {}

  /** A transport context holding the caller's identity. */
  public static McpTransportContext contextFor(AuthInfo info) {
    return McpTransportContext.create(Map.of(AuthInfo.KEY, Objects.requireNonNull(info, "info")));
  }

  /**
   * A transport context holding the caller's identity and the request's {@link StepUp} (what
   * adapters build for a forwarded request).
   */
  public static McpTransportContext contextFor(AuthInfo info, StepUp stepUp) {
    return McpTransportContext.create(
        Map.of(
            AuthInfo.KEY,
            Objects.requireNonNull(info, "info"),
            StepUp.KEY,
            Objects.requireNonNull(stepUp, "stepUp")));
  }

  /**
   * Step-up during a call: when the caller's token lacks any of {@code scopes} (hierarchy applied),
   * throws an {@link McpError} to let out of the handler, and the adapter answers 403 {@code
   * insufficient_scope} naming every scope the request needs (the gate's and these) in place of the
   * handler's response, when the response has not started; once it has, the client gets this
   * JSON-RPC error (code {@link McpGate#FORBIDDEN_CODE}, {@code data} with {@code error}, {@code
   * scope} and {@code resource_metadata}). Returns normally when the token has them all.
   *
   * <p>Fails closed: in a context without the request's {@link StepUp} (a transport the adapter did
   * not build), it always throws.
   *
   * @throws McpError when the step-up is needed
   * @throws IllegalArgumentException when a scope is not an RFC 6750 scope token
   */
  public static void requireScopes(McpTransportContext context, String... scopes) {
    Object found = context == null ? null : context.get(StepUp.KEY);
    if (!(found instanceof StepUp stepUp)) {
      throw new McpError(
          new McpSchema.JSONRPCResponse.JSONRPCError(
              McpGate.FORBIDDEN_CODE,
              "Insufficient scope: this operation needs " + String.join(" ", scopes),
              Map.of("error", "insufficient_scope", "scope", String.join(" ", scopes))));
    }
    if (stepUp.require(List.of(scopes))) {
      throw new McpError(
          new McpSchema.JSONRPCResponse.JSONRPCError(
              McpGate.FORBIDDEN_CODE, stepUp.errorMessage(), stepUp.errorData()));
    }
  }

  /** {@link #requireScopes(McpTransportContext, String...)} in a stateful handler. */
  public static void requireScopes(McpSyncServerExchange exchange, String... scopes) {
    requireScopes(exchange.transportContext(), scopes);
  }

  /**
   * The caller's identity in a transport context (stateless handlers receive the context directly).
   */
  public static Optional<AuthInfo> authInfo(McpTransportContext context) {
    Object info = context == null ? null : context.get(AuthInfo.KEY);
    return info instanceof AuthInfo ? Optional.of((AuthInfo) info) : Optional.empty();
  }

  /** The caller's identity in a stateful tool handler. */
  public static Optional<AuthInfo> authInfo(McpSyncServerExchange exchange) {
    return authInfo(exchange.transportContext());
  }
}
