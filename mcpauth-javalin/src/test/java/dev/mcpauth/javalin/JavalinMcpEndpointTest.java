package dev.mcpauth.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.javalin.Javalin;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An MCP SDK servlet hosted inside Javalin, behind MCP Auth, with tokens from a real authorization
 * server.
 */
class JavalinMcpEndpointTest {

  private static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @Test
  void mcpServletInsideJavalinIsProtectedAndToolsSeeTheCaller() throws Exception {
    int port = freePort();
    String resource = "http://127.0.0.1:" + port + "/mcp";
    try (TestAuthorizationServer as = new TestAuthorizationServer(resource, List.of("mcp:read"));
        McpAuth mcpAuth =
            McpAuth.builder()
                .protectedResource(
                    ResourceServerConfig.builder(resource)
                        .authorizationServer(
                            AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                        .scopesSupported("mcp:read")
                        .build())
                .build()) {
      McpGate gate =
          mcpAuth.mcpGate(mcpAuth.bearerAuth("mcp:read")).tool("admin", "mcp:admin").build();
      HttpServletStreamableServerTransportProvider transport =
          HttpServletStreamableServerTransportProvider.builder()
              .mcpEndpoint("/mcp")
              .contextExtractor(McpAuthContextExtractor.contextExtractor())
              .sessionSweepInterval(null)
              .build();
      McpSyncServer server =
          McpServer.sync(transport)
              .serverInfo("javalin-mcp", "1.0.0")
              .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
              .toolCall(
                  McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(),
                  (exchange, call) ->
                      McpSchema.CallToolResult.builder()
                          .addTextContent(
                              McpAuthContext.authInfo(exchange)
                                  .flatMap(i -> i.subject())
                                  .orElse("nobody"))
                          .build())
              .build();
      Javalin app =
          Javalin.create(
                  config -> {
                    config.jetty.host = "127.0.0.1";
                    config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth));
                    JavalinMcpEndpoint.mount(
                        config, "/mcp", transport, McpAuthFilter.builder(gate).build());
                  })
              .start(port);
      try {
        try (McpSyncClient anonymous =
            McpClient.sync(
                    HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .build())
                .build()) {
          assertThatThrownBy(anonymous::initialize)
              .hasRootCauseInstanceOf(McpHttpClientTransportAuthorizationException.class);
        }
        String token = as.token(mcpAuth.resourceMetadataUrl(resource), "svc-client", "mcp:read");
        try (McpSyncClient client =
            McpClient.sync(
                    HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .addHttpRequestCustomizer(
                            (b, m, u, body, ctx) -> b.header("Authorization", "Bearer " + token))
                        .build())
                .build()) {
          client.initialize();
          McpSchema.CallToolResult result =
              client.callTool(
                  McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build());
          assertThat(((McpSchema.TextContent) result.content().get(0)).text())
              .isEqualTo("svc-client");
        }
      } finally {
        app.stop();
        server.close();
      }
    }
  }
}
