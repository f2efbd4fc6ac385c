package dev.mcpauth.mcp;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.McpGate;
import dev.mcpauth.StepUp;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the caller's {@link AuthInfo} in MCP tool handlers, from the SDK's {@link
 * McpTransportContext}: the Java counterpart of the peers' {@code authInfo} argument and {@code
 * mcp_auth.auth_info}; and asks for a step-up in the middle of a call ({@link #requireScopes}).
 * Tool handlers run on Reactor threads, so nothing here uses ThreadLocals. Independent of any HTTP
 * server: the servlet filter fills the context through {@link
 * dev.mcpauth.mcp.servlet.McpAuthContextExtractor#contextExtractor()}, the Undertow handler fills
 * it itself.
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

  /** A transport context holding the caller's identity and the request's step-up recorder. */
  public static McpTransportContext contextFor(AuthInfo info, StepUp stepUp) {
    return McpTransportContext.create(
        Map.of(
            AuthInfo.KEY,
            Objects.requireNonNull(info, "info"),
            StepUp.KEY,
            Objects.requireNonNull(stepUp, "stepUp")));
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

  /**
   * The request's step-up recorder ({@link StepUp}); empty when the request did not pass an MCP
   * Auth gate.
   */
  public static Optional<StepUp> stepUp(McpTransportContext context) {
    Object stepUp = context == null ? null : context.get(StepUp.KEY);
    return stepUp instanceof StepUp ? Optional.of((StepUp) stepUp) : Optional.empty();
  }

  /**
   * Asks, in the middle of a call, for scopes the call turned out to need (the data is private, a
   * downstream API refused): returns normally when the caller's token grants them already, and
   * otherwise throws the step-up as an {@link McpError} (code {@link McpGate#FORBIDDEN_CODE},
   * message {@link StepUp#errorMessage()}, data {@link StepUp#errorData()}) for the handler to let
   * through. When the HTTP response has not started, the client gets the 403 {@code
   * insufficient_scope} challenge naming every scope the call needs instead, exactly like a refusal
   * before the call; once an SSE stream has sent an event, it gets this JSON-RPC error.
   *
   * <pre>{@code
   * if (notes.hasPrivate()) {
   *   McpAuthContext.requireScopes(context, "read:private-notes");
   * }
   * }</pre>
   *
   * @throws McpError the step-up, when the token lacks a scope, or code {@link
   *     McpGate#FORBIDDEN_CODE} without data when the request did not pass an MCP Auth gate (no
   *     caller to step up)
   * @throws IllegalArgumentException when a scope is not an RFC 6750 scope token
   */
  public static void requireScopes(McpTransportContext context, String... scopes) {
    Optional<StepUp> stepUp = stepUp(context);
    if (stepUp.isEmpty()) {
      throw McpError.builder(McpGate.FORBIDDEN_CODE)
          .message("Forbidden: this call was not authorized by MCP Auth")
          .build();
    }
    StepUp s = stepUp.get();
    if (s.require(List.of(scopes))) {
      throw McpError.builder(McpGate.FORBIDDEN_CODE)
          .message(s.errorMessage())
          .data(s.errorData())
          .build();
    }
  }

  /** Same as {@link #requireScopes(McpTransportContext, String...)}, for stateful handlers. */
  public static void requireScopes(McpSyncServerExchange exchange, String... scopes) {
    requireScopes(exchange.transportContext(), scopes);
  }
}
