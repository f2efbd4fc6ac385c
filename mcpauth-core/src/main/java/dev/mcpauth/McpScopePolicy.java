package dev.mcpauth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which scopes each MCP tool, resource and prompt needs, on top of the route's required scopes.
 * Immutable.
 *
 * <pre>{@code
 * McpScopePolicy.builder()
 *     .tool("list_notes", "read:notes")
 *     .tool("create_note", "write:notes")
 *     .resource("notes://all", "read:notes")
 *     .resourceTemplate("notes://{id}", "read:notes")   // matched as the MCP SDK's dispatcher does
 *     .prompt("summarize", "read:notes")
 *     .method("resources/list", "read:notes")          // any JSON-RPC method
 *     .build();
 * }</pre>
 *
 * A {@code tools/call} for {@code create_note} with a token lacking {@code write:notes} is refused
 * with 403 {@code insufficient_scope} naming every scope the call needs, so MCP clients can step
 * up. A call needs the union of what its method, its name (or URI) and every matching template
 * declare.
 */
final class McpScopePolicy {
  private static final McpScopePolicy NONE =
      new McpScopePolicy(Map.of(), Map.of(), Map.of(), Map.of(), List.of());

  /** A resource URI template and what it needs. */
  private record Template(ResourceUriTemplate template, List<String> scopes) {}

  private final Map<String, List<String>> tools;
  private final Map<String, List<String>> resources;
  private final Map<String, List<String>> prompts;
  private final Map<String, List<String>> methods;
  private final List<Template> templates;

  private McpScopePolicy(
      Map<String, List<String>> tools,
      Map<String, List<String>> resources,
      Map<String, List<String>> prompts,
      Map<String, List<String>> methods,
      List<Template> templates) {
    this.tools = tools;
    this.resources = resources;
    this.prompts = prompts;
    this.methods = methods;
    this.templates = templates;
  }

  /** No per-operation scopes: every authorized caller may call everything. */
  static McpScopePolicy none() {
    return NONE;
  }

  /** Starts a builder. */
  static Builder builder() {
    return new Builder();
  }

  /** The scopes a tool needs; empty when it needs none beyond the route's. */
  List<String> toolScopes(String tool) {
    return tools.getOrDefault(tool, List.of());
  }

  /**
   * The scopes one JSON-RPC request needs.
   *
   * @param method the JSON-RPC method, e.g. {@code tools/call}
   * @param name the tool or prompt name, or the resource URI; may be null
   */
  List<String> scopesFor(String method, String name) {
    List<String> byMethod = methods.getOrDefault(method, List.of());
    List<String> byName =
        name == null
            ? List.of()
            : switch (method) {
              case "tools/call" -> tools.getOrDefault(name, List.of());
              case "resources/read", "resources/subscribe", "resources/unsubscribe" ->
                  resourceScopes(name);
              case "prompts/get" -> prompts.getOrDefault(name, List.of());
              default -> List.of();
            };
    if (byMethod.isEmpty()) {
      return byName;
    }
    if (byName.isEmpty()) {
      return byMethod;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(byMethod);
    all.addAll(byName);
    return List.copyOf(all);
  }

  private List<String> resourceScopes(String uri) {
    List<String> exact = resources.getOrDefault(uri, List.of());
    if (templates.isEmpty()) {
      return exact;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(exact);
    for (Template t : templates) {
      if (t.template().matches(uri)) {
        all.addAll(t.scopes());
      }
    }
    return List.copyOf(all);
  }

  /** Builds a {@link McpScopePolicy}. */
  static final class Builder {
    private final Map<String, List<String>> tools = new HashMap<>();
    private final Map<String, List<String>> resources = new HashMap<>();
    private final Map<String, List<String>> prompts = new HashMap<>();
    private final Map<String, List<String>> methods = new HashMap<>();
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Template> resourcesWithVariables = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The scopes any request with this JSON-RPC method needs ({@code resources/list}, {@code
     * prompts/list}, {@code tools/list}, ...), on top of what its name or URI needs.
     */
    Builder method(String method, String... scopes) {
      methods.put(Objects.requireNonNull(method, "method"), checked(scopes));
      return this;
    }

    /**
     * The scopes reading any resource whose URI matches {@code template} needs, such as {@code
     * notes://{id}}. A URI matches exactly when the MCP Java SDK's dispatcher ({@code
     * DefaultMcpUriTemplateManager}, also behind Spring AI's MCP server) would route it to the
     * template's handler: each {@code {name}} stands for one or more characters other than {@code
     * /} (so {@code ?}, {@code #}, {@code %2F} and {@code .} are part of a value: {@code
     * notes://1?x=1} and {@code notes://1#x} need the scopes of {@code notes://{id}}), and
     * everything else must match literally. A server that plugs its own {@code
     * McpUriTemplateManagerFactory} into the SDK must match no more than this.
     *
     * @throws IllegalArgumentException for a blank template, an unbalanced, empty or unreadable
     *     {@code {}} (a brace outside a variable, or a name with {@code /} or a brace, which the
     *     SDK would read as literal text), or an unpaired surrogate
     */
    Builder resourceTemplate(String template, String... scopes) {
      templates.add(
          new Template(
              ResourceUriTemplate.parse(Objects.requireNonNull(template, "template")),
              checked(scopes)));
      return this;
    }

    /** The scopes calling this tool needs (all of them). */
    Builder tool(String name, String... scopes) {
      tools.put(Objects.requireNonNull(name, "name"), checked(scopes));
      return this;
    }

    /**
     * The scopes reading this resource URI needs. The MCP SDK matches a resource's URI the way it
     * matches a template, so a URI with a {@code {name}} variable is also declared as {@link
     * #resourceTemplate a template}, and is refused like one when it is unreadable.
     */
    Builder resource(String uri, String... scopes) {
      List<String> needed = checked(scopes);
      resources.put(Objects.requireNonNull(uri, "uri"), needed);
      if (ResourceUriTemplate.hasVariables(uri)) {
        resourcesWithVariables.put(uri, new Template(ResourceUriTemplate.parse(uri), needed));
      }
      return this;
    }

    /** The scopes getting this prompt needs. */
    Builder prompt(String name, String... scopes) {
      prompts.put(Objects.requireNonNull(name, "name"), checked(scopes));
      return this;
    }

    private static List<String> checked(String[] scopes) {
      List<String> list = new ArrayList<>(new LinkedHashSet<>(List.of(scopes)));
      list.forEach(BearerAuthConfig::checkScopeToken);
      return Collections.unmodifiableList(list);
    }

    /** Builds the policy. */
    McpScopePolicy build() {
      List<Template> allTemplates = new ArrayList<>(templates);
      allTemplates.addAll(resourcesWithVariables.values());
      return new McpScopePolicy(
          Map.copyOf(tools),
          Map.copyOf(resources),
          Map.copyOf(prompts),
          Map.copyOf(methods),
          List.copyOf(allTemplates));
    }
  }
}
