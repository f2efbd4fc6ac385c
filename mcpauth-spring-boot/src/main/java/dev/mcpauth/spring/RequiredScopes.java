package dev.mcpauth.spring;

import dev.mcpauth.OperationScopes;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OAuth scopes using an MCP tool, resource or prompt needs, declared next to its Spring AI
 * {@code @McpTool}, {@code @McpResource} or {@code @McpPrompt} annotation. A {@code tools/call},
 * {@code resources/read} or {@code prompts/get} whose token lacks any of them is refused at the
 * HTTP layer, before the method runs, with 403 {@code insufficient_scope} naming every scope the
 * call needs, so the client can step up.
 *
 * <pre>{@code
 * @McpTool(name = "create_note", description = "Creates a note")
 * @RequiredScopes("write:notes")
 * public String createNote(String text) { ... }
 *
 * @McpResource(uri = "notes://{id}", name = "note")
 * @RequiredScopes("notes:{id}")                   // notes://7 needs notes:7
 * public String note(String id) { ... }
 *
 * @McpTool(name = "open_project", description = "Opens a project")
 * @RequiredScopes("projects:{project}")           // {"project": "apollo"} needs projects:apollo
 * public String openProject(String project) { ... }
 *
 * @McpTool(name = "read_note", description = "Reads a note")
 * @RequiredScopes(value = "read:notes", perRequest = PrivateNoteScopes.class)
 * public String readNote(int id) { ... }
 * }</pre>
 *
 * <p><b>Placeholders.</b> {@code {name}} in a scope is replaced, per request, by the value it
 * names: for a tool or a prompt, the call's argument {@code name} (a top-level string, number or
 * boolean; a number in canonical form, so {@code 2}, {@code 2.0} and {@code "2"} all give {@code
 * 2}); for a resource URI template, the template's variable {@code name}. A call whose value is
 * missing or cannot be part of a scope (empty, a space, a quote, non-ASCII) is refused with 400
 * before the method runs; a resource placeholder that is not a variable of its template fails the
 * start. See {@link dev.mcpauth.McpAccess}.
 *
 * <p><b>Scopes decided per request.</b> {@link #perRequest()} names {@link OperationScopes} beans
 * that see the operation (arguments, template variables) and the caller, and return more scopes: "a
 * private note also needs read:private-notes". Each class must be a bean of the application context
 * (exactly one of that type), looked up when the gate is built.
 *
 * <p>The tool or prompt name is the annotation's name, or the method name when that is empty; a
 * resource is keyed by its URI, and a URI template ({@code notes://{id}}) covers every URI it
 * matches. For tools, resources and prompts registered as specification beans, use {@code
 * mcpauth.tool-scopes.<tool>}, {@code mcpauth.resource-scopes[<uri>]}, {@code
 * mcpauth.prompt-scopes.<prompt>} or {@link McpAuthCustomizer#customizeGate}. Properties and
 * customizers add to what the annotations declare. Beans marked {@code @Lazy} are not scanned.
 *
 * @see RequiredAuthentication
 * @see RequiredClaim
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiredScopes {
  /** The scopes, all of which are needed; {@code {name}} placeholders allowed (see above). */
  String[] value() default {};

  /**
   * Beans deciding more scopes per request from the operation and the caller; what they return is
   * added to {@link #value()}, and the 403 names all of it at once.
   */
  Class<? extends OperationScopes>[] perRequest() default {};
}
