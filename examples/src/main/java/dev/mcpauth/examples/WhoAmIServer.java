package dev.mcpauth.examples;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * "Who am I": an MCP server on a plain servlet container (Jetty 12) with the MCP Java SDK's
 * streamable servlet transport, whose tokens are checked at the provider's userinfo endpoint by a
 * custom {@link UserinfoTokenVerifier}. Its one tool, {@code whoami}, returns the caller's
 * identity.
 *
 * <p>{@code java -cp mcpauth-examples.jar dev.mcpauth.examples.WhoAmIServer <issuer> [port]}
 */
public final class WhoAmIServer implements AutoCloseable {
  private final Server jetty;
  private final McpAuth mcpAuth;
  private final McpSyncServer mcp;

  /** Starts on 127.0.0.1:{@code port}, trusting {@code issuer}. */
  public WhoAmIServer(String issuer, int port) throws Exception {
    String resource = "http://localhost:" + port + "/mcp";
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(resource)
                    .authorizationServer(
                        AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))
                    .scopesSupported("openid")
                    .tokenVerifier(new UserinfoTokenVerifier(issuer))
                    .build())
            .build();
    McpGate gate = mcpAuth.mcpGate(mcpAuth.bearerAuth()).build();

    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .contextExtractor(McpAuthContextExtractor.contextExtractor())
            .build();
    mcp =
        McpServer.sync(transport)
            .serverInfo("whoami", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolCall(
                McpSchema.Tool.builder("whoami", Map.of("type", "object", "properties", Map.of()))
                    .description("Returns who you are, as the authorization server says.")
                    .build(),
                (exchange, call) -> {
                  AuthInfo who = McpAuthContext.authInfo(exchange).orElseThrow();
                  return McpSchema.CallToolResult.builder()
                      .addTextContent(
                          "subject=" + who.subject().orElse("?") + " issuer=" + who.issuer())
                      .build();
                })
            .build();

    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder servlet = new ServletHolder("mcp", transport);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/mcp");
    FilterHolder auth =
        new FilterHolder(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build());
    auth.setAsyncSupported(true);
    context.addFilter(auth, "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(context);
    jetty.start();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
    mcp.close();
    mcpAuth.close();
  }

  /** Runs it until the JVM stops. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: WhoAmIServer <issuer> [port]");
      System.exit(2);
    }
    WhoAmIServer server =
        new WhoAmIServer(args[0], args.length > 1 ? Integer.parseInt(args[1]) : 3002);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception ignored) {
                    // stopping anyway
                  }
                }));
    System.out.println(
        "who-am-i MCP server on http://localhost:" + (args.length > 1 ? args[1] : "3002") + "/mcp");
  }
}
