package dev.mcpauth.spring.actuate;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.ResourceServerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the authorization servers each protected resource trusts could be reached: UP when the
 * metadata of every one is known (discovered or configured), DOWN otherwise, with one detail per
 * issuer. Tokens from an unreachable server get 503 until it is back. Asking triggers discovery
 * when it has not happened yet, which may take up to the configured fetch timeouts.
 */
public final class McpAuthHealthIndicator implements HealthIndicator {
  private final McpAuth mcpAuth;

  /** Reports on {@code mcpAuth}'s authorization servers. */
  public McpAuthHealthIndicator(McpAuth mcpAuth) {
    this.mcpAuth = Objects.requireNonNull(mcpAuth, "mcpAuth");
  }

  @Override
  public Health health() {
    boolean up = true;
    Map<String, Object> details = new LinkedHashMap<>();
    for (ResourceServerConfig resource : mcpAuth.resources()) {
      for (AuthServerConfig server : resource.authorizationServers()) {
        String issuer = server.issuer();
        boolean known =
            mcpAuth.authorizationServerMetadata(resource.resource(), issuer).isPresent();
        details.put(issuer, known ? "reachable" : "unreachable");
        up &= known;
      }
    }
    return (up ? Health.up() : Health.down()).withDetails(details).build();
  }
}
