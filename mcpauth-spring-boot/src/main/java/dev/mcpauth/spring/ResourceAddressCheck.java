package dev.mcpauth.spring;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Warns once the application is ready when {@code mcpauth.resource} names another path than the MCP
 * endpoint it serves ({@code spring.ai.mcp.server.streamable-http.mcp-endpoint}), or, on a loopback
 * host, another port than the one it listens on ({@code server.port}): clients find the server by
 * the resource's URL, so such a resource sends them elsewhere. A warning, not a failure: behind a
 * proxy or a load balancer the resource's origin and path legitimately differ (which is also why
 * the port is compared only for a loopback host).
 */
final class ResourceAddressCheck implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceAddressCheck.class);
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  static final String ENDPOINT_PROPERTY = "spring.ai.mcp.server.streamable-http.mcp-endpoint";

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    String resource = env.getProperty("mcpauth.resource");
    Integer port = env.getProperty("local.server.port", Integer.class);
    if (resource == null
        || resource.isBlank()
        || port == null
        || !env.getProperty("mcpauth.enabled", Boolean.class, Boolean.TRUE)) {
      return; // no resource from properties, or no web server
    }
    warnings(resource, port, env.getProperty(ENDPOINT_PROPERTY, "/mcp")).forEach(LOG::warn);
  }

  /**
   * What is wrong with {@code resource} for an MCP endpoint at {@code endpoint} on {@code port}.
   */
  static List<String> warnings(String resource, int port, String endpoint) {
    URI uri;
    try {
      uri = new URI(resource);
    } catch (URISyntaxException e) {
      return List.of(); // McpAuth refuses it with its own message
    }
    List<String> warnings = new ArrayList<>();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (!path.equals(endpoint)) {
      warnings.add(
          "mcpauth.resource "
              + resource
              + " has path \""
              + path
              + "\" but this application serves MCP at \""
              + endpoint
              + "\" ("
              + ENDPOINT_PROPERTY
              + "): fine behind a proxy that maps one to the other, otherwise clients will not find"
              + " the server");
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int named = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    if (LOOPBACK.contains(host) && named != port) {
      warnings.add(
          "mcpauth.resource "
              + resource
              + " names port "
              + named
              + " but this application listens on port "
              + port
              + " (server.port): clients that follow the resource's URL will not reach it; set"
              + " mcpauth.resource to "
              + uri.getScheme()
              + "://"
              + uri.getRawAuthority().replaceFirst(":\\d+$", "")
              + ":"
              + port
              + path);
    }
    return warnings;
  }
}
