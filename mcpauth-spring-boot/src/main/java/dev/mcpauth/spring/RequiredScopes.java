package dev.mcpauth.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OAuth scopes using an MCP tool, resource or prompt needs, declared next to its Spring AI
 * {@code @McpTool}, {@code @McpResource} or {@code @McpPrompt} annotation. A {@code tools/call},
 * {@code resources/read} or {@code prompts/get} whose token lacks any of them is refused at the
 * HTTP layer with 403 {@code insufficient_scope} naming every scope the call needs, so the client
 * can step up.
 *
 * <pre>{@code
 * @McpTool(name = "create_note", description = "Creates a note")
 * @RequiredScopes("write:notes")
 * public String createNote(String text) { ... }
 *
 * @McpResource(uri = "notes://{id}", name = "note")
 * @RequiredScopes("read:notes")
 * public String note(String id) { ... }
 * }</pre>
 *
 * The tool or prompt name is the annotation's name, or the method name when that is empty; a
 * resource is keyed by its URI, and a URI template ({@code notes://{id}}) covers every URI it
 * matches. For tools, resources and prompts registered as specification beans, use {@code
 * mcpauth.tool-scopes.<tool>}, {@code mcpauth.resource-scopes[<uri>]}, {@code
 * mcpauth.prompt-scopes.<prompt>} or {@link McpAuthCustomizer#customizeScopes}. Beans marked
 * {@code @Lazy} are not scanned.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiredScopes {
  /** The scopes, all of which are needed. */
  String[] value();
}
