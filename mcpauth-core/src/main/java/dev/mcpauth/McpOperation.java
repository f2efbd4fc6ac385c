package dev.mcpauth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON-RPC operation of an MCP request, as the gate read it from the body before the MCP server
 * dispatches it: what an {@link OperationScopes} callback and a {@link ClaimRule} decide on.
 *
 * <p>Arguments are the top-level members of {@code params.arguments} ({@code tools/call}, {@code
 * prompts/get}) whose values are a string, a number, {@code true}, {@code false} or {@code null},
 * each as text: a string as its value, a number in canonical form ({@code 2}, {@code 2.0} and
 * {@code 2e0} all read {@code "2"}; {@code 2.5} reads {@code "2.5"}), so the rule and a handler
 * that reads the number as Jackson does agree on which value was meant. Objects and arrays are not
 * read (the scan keeps no tree of the body), so they are absent here. A body with the same argument
 * twice is refused before any rule runs.
 *
 * @param method the JSON-RPC method, e.g. {@code tools/call}
 * @param name the tool or prompt name, or the resource URI ({@code resources/read}, {@code
 *     resources/subscribe}); empty for methods without one
 * @param arguments the scalar top-level arguments, as text (see above)
 * @param variables the values of the resource template's variables when a template matched the URI
 *     ({@code notes://{id}} and {@code notes://2} give {@code id=2}); empty otherwise
 */
public record McpOperation(
    String method,
    Optional<String> name,
    Map<String, String> arguments,
    Map<String, String> variables) {

  /** Copies the maps so the value is immutable. */
  public McpOperation {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(name, "name");
    arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  /** One argument as text (see the class comment); empty when absent, an object or an array. */
  public Optional<String> argument(String name) {
    return Optional.ofNullable(arguments.get(name));
  }

  /** One template variable's value; empty when no template with that variable matched. */
  public Optional<String> variable(String name) {
    return Optional.ofNullable(variables.get(name));
  }

  /** This operation with the variables of the template that matched its URI. */
  McpOperation withVariables(Map<String, String> matched) {
    return new McpOperation(method, name, arguments, matched);
  }
}
