package dev.mcpauth.spring;

import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import java.util.List;

/**
 * Java configuration for everything the {@code mcpauth.*} properties configure, and more: each
 * method receives the core builder after the properties were applied to it. Declare one or more as
 * beans; they run in {@link org.springframework.core.annotation.Order} order.
 *
 * <pre>{@code
 * @Bean
 * McpAuthCustomizer notesScopes(NoteStore notes) {
 *   return new McpAuthCustomizer() {
 *     public void customizeGate(McpGate.Builder gate) {
 *       gate.tool("create_note", "write:notes")
 *           // decided per request, before the tool runs: a private note needs one more scope
 *           .tool("read_note", (operation, caller) ->
 *               operation.argument("id").map(notes::isPublic).orElse(false)
 *                   ? List.of() : List.of("read:private-notes"))
 *           .tool("purge_notes", McpAccess.builder()
 *               .authentication(AuthenticationRequirement.acr("mfa").withMaxAge(Duration.ofMinutes(5)))
 *               .build());
 *     }
 *   };
 * }
 * }</pre>
 *
 * {@link #customizeGate} reaches every registration of the core's {@link McpGate.Builder}: fixed
 * scopes with placeholders, {@link dev.mcpauth.OperationScopes} callbacks (the same as {@link
 * RequiredScopes#perRequest()}), {@link dev.mcpauth.McpAccess} with authentication requirements and
 * claim rules, {@link McpGate.Builder#require} for every request. What it registers adds to what
 * the annotations and properties declare.
 *
 * <p>The resource identifier itself comes from {@code mcpauth.resource}; an application that builds
 * its whole {@link McpAuth} in Java declares an {@link McpAuth} bean instead (and a {@link
 * McpAuthRoutes} bean when it has several resources).
 */
public interface McpAuthCustomizer {

  /**
   * The protected resource: authorization servers, scopes supported, introspection, metadata
   * members.
   */
  default void customizeResource(ResourceServerConfig.Builder resource) {}

  /**
   * How tokens are verified: audience, algorithms, clock skew, scope claim, DPoP, cache,
   * validators.
   */
  default void customizeTokenPolicy(TokenPolicy.Builder policy) {}

  /** The whole instance: fetch limits, key caching, shared stores, executor. */
  default void customizeMcpAuth(McpAuth.Builder builder) {}

  /**
   * The MCP endpoint's base scopes (every request needs them): a mutable list holding {@code
   * mcpauth.required-scopes}, to add to or replace.
   */
  default void customizeRequiredScopes(List<String> requiredScopes) {}

  /**
   * The MCP endpoint's gate: what each tool, resource, prompt or method needs (scopes, per-request
   * scope callbacks, authentication, claim rules), allowed origins, session binding, body caps.
   */
  default void customizeGate(McpGate.Builder gate) {}

  /** Other protected routes (path pattern and scopes). */
  default void customizeProtectedPaths(ProtectedPaths paths) {}
}
