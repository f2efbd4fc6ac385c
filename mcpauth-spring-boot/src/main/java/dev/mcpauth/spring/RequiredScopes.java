package dev.mcpauth.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OAuth scopes calling an MCP tool needs, declared next to its Spring AI {@code @McpTool}
 * annotation. A {@code tools/call} whose token lacks any of them is refused at the HTTP layer with
 * 403 {@code insufficient_scope} naming every scope the call needs, so the client can step up.
 *
 * <pre>{@code
 * @McpTool(name = "create_note", description = "Creates a note")
 * @RequiredScopes("write:notes")
 * public String createNote(String text) { ... }
 * }</pre>
 *
 * The tool name is {@code @McpTool}'s name, or the method name when that is empty. For tools
 * registered as specification beans, use {@code mcpauth.tool-scopes.<tool>} or {@link
 * McpAuthCustomizer#customizeScopes}. Beans marked {@code @Lazy} are not scanned.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiredScopes {
  /** The scopes, all of which are needed. */
  String[] value();
}
