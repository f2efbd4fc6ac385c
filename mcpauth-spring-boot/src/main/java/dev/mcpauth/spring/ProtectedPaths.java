package dev.mcpauth.spring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routes besides the MCP endpoint that need a token, as Spring path patterns ({@code
 * /notes/**}) with the scopes each needs. First match wins. Filled from {@code
 * mcpauth.protected-paths} and {@link McpAuthCustomizer#customizeProtectedPaths}.
 */
public final class ProtectedPaths {
  private final Map<String, List<String>> routes = new LinkedHashMap<>();

  ProtectedPaths() {}

  /** Protects the routes matching {@code pattern}; each request needs all of {@code scopes}. */
  public ProtectedPaths protect(String pattern, String... scopes) {
    routes.put(Objects.requireNonNull(pattern, "pattern"), List.of(scopes));
    return this;
  }

  /** The configured routes, pattern to scopes, in order. */
  public Map<String, List<String>> routes() {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    routes.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
    return Collections.unmodifiableMap(copy);
  }
}
