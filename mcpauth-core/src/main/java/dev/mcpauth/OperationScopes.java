package dev.mcpauth;

import java.util.Collection;

/**
 * The scopes one operation needs, decided per request from what it touches and who asks: a tool
 * whose argument names a private note needs one more scope than for a public one. Registered on
 * {@link McpAccess.Builder#scopes(OperationScopes)} or the shorthands of {@link McpGate.Builder}.
 *
 * <pre>{@code
 * OperationScopes privateNotes = (operation, caller) ->
 *     operation.argument("id").map(notes::isPublic).orElse(false)
 *         ? List.of() : List.of("read:private-notes");
 * }</pre>
 *
 * The gate calls it before the MCP server dispatches the request, only for an authenticated caller,
 * and adds what it returns to every other scope the request needs: the 403 {@code
 * insufficient_scope} names all of them at once. It must be fast, thread-safe and must not block;
 * when it throws, or returns something that is not a scope, the request is refused (403, no scope
 * named) and the error is logged: a rule that cannot decide never lets a request through.
 */
@FunctionalInterface
public interface OperationScopes {

  /**
   * The scopes {@code operation} needs beyond the static ones; empty when it needs none.
   *
   * @param operation what the request does (method, name or URI, arguments, template variables)
   * @param caller who asks (the verified token)
   */
  Collection<String> scopesFor(McpOperation operation, AuthInfo caller);
}
