package dev.mcpauth.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule on the caller's token claims for an MCP tool, resource or prompt, declared next to its
 * Spring AI {@code @McpTool}, {@code @McpResource} or {@code @McpPrompt} annotation: for identity
 * providers that put roles or groups in their tokens but cannot mint custom scopes.
 *
 * <pre>{@code
 * @McpTool(name = "audit_log", description = "The last tool calls")
 * @RequiredClaim(path = "roles", contains = "notes-admin")
 * public String auditLog() { ... }
 *
 * @RequiredClaim(path = {"realm_access", "roles"}, containsAny = {"admin", "auditor"})
 * }</pre>
 *
 * {@link #path()} names the claim, one segment per level (so a claim name with dots, such as {@code
 * https://example.com/roles}, is one segment). Set at most one of {@link #contains()}, {@link
 * #containsAny()} and {@link #isEqualTo()}; with none, the claim must merely be present. A call
 * that breaks the rule is refused before the method runs with 403 naming no scope (another scope
 * would not help, so no client loops on it). Several rules on one method must all pass. Keyed like
 * {@link RequiredScopes}; registered as a {@link dev.mcpauth.ClaimRule}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(RequiredClaims.class)
public @interface RequiredClaim {
  /** The claim's path: one name for a top-level claim, more for a claim inside objects. */
  String[] path();

  /** The claim is this value, or an array holding it. */
  String contains() default "";

  /** The claim is one of these values, or an array holding one of them. */
  String[] containsAny() default {};

  /** The claim is exactly this value (a single value, not an array). */
  String isEqualTo() default "";
}
