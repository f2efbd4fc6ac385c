package dev.mcpauth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 *     .build();
 * }</pre>
 *
 * A {@code tools/call} for {@code create_note} with a token lacking {@code write:notes} is refused with
 * 403 {@code insufficient_scope} naming every scope the call needs, so MCP clients can step up.
 */
public final class McpScopePolicy {
  private static final McpScopePolicy NONE = new McpScopePolicy(Map.of(), Map.of(), Map.of());

  private final Map<String, List<String>> tools;
  private final Map<String, List<String>> resources;
  private final Map<String, List<String>> prompts;

  private McpScopePolicy(Map<String, List<String>> tools, Map<String, List<String>> resources,
      Map<String, List<String>> prompts) {
    this.tools = tools;
    this.resources = resources;
    this.prompts = prompts;
  }

  /** No per-operation scopes: every authorized caller may call everything. */
  public static McpScopePolicy none() {
    return NONE;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The scopes a tool needs; empty when it needs none beyond the route's. */
  public List<String> toolScopes(String tool) {
    return tools.getOrDefault(tool, List.of());
  }

  /**
   * The scopes one JSON-RPC request needs.
   *
   * @param method the JSON-RPC method, e.g. {@code tools/call}
   * @param name the tool or prompt name, or the resource URI; may be null
   */
  public List<String> scopesFor(String method, String name) {
    if (name == null) {
      return List.of();
    }
    switch (method) {
      case "tools/call":
        return tools.getOrDefault(name, List.of());
      case "resources/read":
      case "resources/subscribe":
        return resources.getOrDefault(name, List.of());
      case "prompts/get":
        return prompts.getOrDefault(name, List.of());
      default:
        return List.of();
    }
  }

  /** Builds a {@link McpScopePolicy}. */
  public static final class Builder {
    private final Map<String, List<String>> tools = new HashMap<>();
    private final Map<String, List<String>> resources = new HashMap<>();
    private final Map<String, List<String>> prompts = new HashMap<>();

    private Builder() {}

    /** The scopes calling this tool needs (all of them). */
    public Builder tool(String name, String... scopes) {
      tools.put(Objects.requireNonNull(name, "name"), checked(scopes));
      return this;
    }

    /** The scopes reading this resource URI needs. */
    public Builder resource(String uri, String... scopes) {
      resources.put(Objects.requireNonNull(uri, "uri"), checked(scopes));
      return this;
    }

    /** The scopes getting this prompt needs. */
    public Builder prompt(String name, String... scopes) {
      prompts.put(Objects.requireNonNull(name, "name"), checked(scopes));
      return this;
    }

    private static List<String> checked(String[] scopes) {
      List<String> list = new ArrayList<>(new LinkedHashSet<>(List.of(scopes)));
      list.forEach(BearerAuthConfig::checkScopeToken);
      return Collections.unmodifiableList(list);
    }

    /** Builds the policy. */
    public McpScopePolicy build() {
      return new McpScopePolicy(Map.copyOf(tools), Map.copyOf(resources), Map.copyOf(prompts));
    }
  }
}
