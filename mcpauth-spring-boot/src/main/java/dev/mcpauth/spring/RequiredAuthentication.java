package dev.mcpauth.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How recently and how strongly the user must have signed in to use an MCP tool, resource or prompt
 * (OAuth 2.0 Step Up Authentication Challenge, RFC 9470), declared next to its Spring AI
 * {@code @McpTool}, {@code @McpResource} or {@code @McpPrompt} annotation.
 *
 * <pre>{@code
 * @McpTool(name = "purge_notes", description = "Deletes the notes added since the start")
 * @RequiredScopes("write:notes")
 * @RequiredAuthentication(acr = "mfa", maxAgeSeconds = 300)
 * public String purgeNotes() { ... }
 * }</pre>
 *
 * A call whose token does not meet it ({@code acr} not among {@link #acr()}, or {@code auth_time}
 * older than {@link #maxAgeSeconds()} or absent) is refused before the method runs with 401 {@code
 * error="insufficient_user_authentication"}, {@code acr_values} and {@code max_age} (RFC 9470 §3),
 * so the client sends the user back to the authorization server with those parameters. Keyed like
 * {@link RequiredScopes}; registered as a {@link dev.mcpauth.AuthenticationRequirement}. At least
 * one of the two attributes must be set, or the application fails to start.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiredAuthentication {
  /** The acceptable {@code acr} values, in order of preference; empty for any. */
  String[] acr() default {};

  /**
   * The longest time since the user authenticated ({@code auth_time}), in seconds; {@code -1} (the
   * default) for any.
   */
  long maxAgeSeconds() default -1;
}
