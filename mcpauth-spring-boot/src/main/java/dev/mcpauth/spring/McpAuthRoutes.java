package dev.mcpauth.spring;

import dev.mcpauth.BearerAuth;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What the WebMVC filter and the WebFlux filter consult: the {@link McpAuth} (metadata documents),
 * the MCP endpoint's {@link McpGate}, and the other protected routes with their {@link BearerAuth}.
 * Which requests are MCP requests is not configured here: the MCP transports' own routes answer it
 * ({@code WebMvcMcpRoutes}, {@code WebFluxMcpRoutes}), so no copy of the endpoint's path exists.
 * Built by the auto-configuration from the properties and {@link McpAuthCustomizer}s. Holds no
 * policy.
 *
 * <p>The gate is built once every singleton exists, because the per-tool scopes of {@link
 * RequiredScopes} are collected from the beans as they are created. Thread-safe.
 */
public final class McpAuthRoutes implements SmartInitializingSingleton {
  private final McpAuth mcpAuth;
  private final Supplier<McpGate> gateFactory;
  private final Map<PathPattern, BearerAuth> routes;
  private volatile McpGate gate;

  /**
   * Routes over {@code mcpAuth}.
   *
   * @param mcpAuth the instance serving metadata and verifying tokens
   * @param gateFactory builds the MCP endpoint's gate (called once, after all singletons exist)
   * @param protectedPaths other routes: Spring path pattern to the route's verifier, first match
   *     wins
   */
  public McpAuthRoutes(
      McpAuth mcpAuth, Supplier<McpGate> gateFactory, Map<String, BearerAuth> protectedPaths) {
    this.mcpAuth = Objects.requireNonNull(mcpAuth, "mcpAuth");
    this.gateFactory = Objects.requireNonNull(gateFactory, "gateFactory");
    Map<PathPattern, BearerAuth> parsed = new LinkedHashMap<>();
    protectedPaths.forEach(
        (pattern, auth) -> parsed.put(PathPatternParser.defaultInstance.parse(pattern), auth));
    this.routes = parsed;
  }

  @Override
  public void afterSingletonsInstantiated() {
    gate();
  }

  /** The instance serving metadata. */
  public McpAuth mcpAuth() {
    return mcpAuth;
  }

  /** The MCP endpoint's gate. */
  public McpGate gate() {
    McpGate g = gate;
    if (g == null) {
      synchronized (this) {
        g = gate;
        if (g == null) {
          g = gateFactory.get();
          gate = g;
        }
      }
    }
    return g;
  }

  /** The verifier of the first protected route matching {@code path}; empty when none matches. */
  public Optional<BearerAuth> routeFor(String path) {
    if (routes.isEmpty()) {
      return Optional.empty();
    }
    PathContainer container = PathContainer.parsePath(path);
    for (Map.Entry<PathPattern, BearerAuth> route : routes.entrySet()) {
      if (route.getKey().matches(container)) {
        return Optional.of(route.getValue());
      }
    }
    return Optional.empty();
  }
}
