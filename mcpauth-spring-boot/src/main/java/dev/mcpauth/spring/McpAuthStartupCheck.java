package dev.mcpauth.spring;

import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails the start of an application that would serve an MCP endpoint without protection, and logs
 * what is protected. Runs once every singleton exists, over every MCP transport bean the
 * application has (Spring AI's or its own):
 *
 * <ul>
 *   <li>MCP Auth turned off ({@code mcpauth.enabled=false}): one warning that names the endpoints
 *       served without authentication;
 *   <li>no protected resource ({@code mcpauth.resource} missing, a typo, a missing profile): the
 *       start fails;
 *   <li>an SSE transport (Spring AI's default protocol): the start fails, naming the property that
 *       selects streamable HTTP; its message endpoint cannot be bound to the token that opened the
 *       stream;
 *   <li>a transport whose routes the stack's filter does not recognise (one MCP Auth does not know,
 *       or a servlet registered by hand): the start fails;
 *   <li>otherwise one INFO line: the protected transports and routes, the resource, the trusted
 *       issuers.
 * </ul>
 */
public final class McpAuthStartupCheck implements SmartInitializingSingleton {
  private static final Logger LOG = LoggerFactory.getLogger(McpAuthStartupCheck.class);

  private final ListableBeanFactory beans;
  private final boolean enabled;

  /**
   * A check over the beans of {@code beans}.
   *
   * @param beans the application's bean factory
   * @param enabled the value of {@code mcpauth.enabled}
   */
  public McpAuthStartupCheck(ListableBeanFactory beans, boolean enabled) {
    this.beans = beans;
    this.enabled = enabled;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<Object> transports = new ArrayList<>();
    transports.addAll(beans.getBeansOfType(McpServerTransportProviderBase.class).values());
    transports.addAll(beans.getBeansOfType(McpStatelessServerTransport.class).values());
    if (transports.isEmpty()) {
      return;
    }
    List<String> names = transports.stream().map(t -> t.getClass().getSimpleName()).toList();
    if (!enabled) {
      LOG.warn(
          "MCP Auth is turned off (mcpauth.enabled=false): {} serve(s) MCP without authentication",
          names);
      return;
    }
    Optional<McpAuthRoutes> routes =
        beans.getBeanProvider(McpAuthRoutes.class).stream().findFirst();
    if (routes.isEmpty()) {
      throw new McpAuthStartupException(
          "This application serves MCP ("
              + String.join(", ", names)
              + ") and has MCP Auth on its classpath, but no protected resource is configured"
              + " (mcpauth.resource is not set and there is no McpAuth bean), so the MCP endpoint"
              + " would be served without authentication.",
          "Set mcpauth.resource to the MCP endpoint's URL (for example"
              + " https://mcp.example.com/mcp) and mcpauth.authorization-servers[0].issuer to your"
              + " authorization server, or declare an McpAuth bean. To serve MCP without"
              + " authentication on purpose, set mcpauth.enabled=false.");
    }
    for (Object transport : transports) {
      if (transport instanceof McpServerTransportProvider) {
        throw new McpAuthStartupException(
            "The MCP server uses the SSE transport ("
                + transport.getClass().getSimpleName()
                + "), Spring AI's default protocol. MCP Auth does not serve it: its message"
                + " endpoint is a second URL that cannot be bound to the token that opened the"
                + " stream, and the MCP specification deprecated it.",
            "Set spring.ai.mcp.server.protocol=STREAMABLE (or STATELESS) so the server uses"
                + " streamable HTTP, which MCP Auth protects.");
      }
    }
    List<McpTransportRoutes> recognised =
        beans.getBeanProvider(McpTransportRoutes.class).stream().toList();
    for (Object transport : transports) {
      if (recognised.stream().noneMatch(r -> r.covers(transport))) {
        throw new McpAuthStartupException(
            "MCP Auth cannot tell which requests reach the MCP transport "
                + transport.getClass().getName()
                + ", so it cannot put them behind its gate.",
            "Serve MCP through Spring AI's streamable or stateless transport (WebMVC or"
                + " WebFlux), which MCP Auth recognises by its own routes. For a transport of your"
                + " own, protect it with dev.mcpauth.mcp.servlet.McpAuthFilter and set"
                + " mcpauth.enabled=false.");
      }
    }
    List<String> served = recognised.stream().flatMap(r -> r.transports().stream()).toList();
    LOG.info(routes.get().gate().startupLine(String.join("; ", served)));
  }
}
