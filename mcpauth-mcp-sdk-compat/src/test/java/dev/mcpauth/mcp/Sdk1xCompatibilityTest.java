package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
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
import org.junit.jupiter.api.Test;

/**
 * The filter, the context extractor and the accessors, compiled and run with MCP Java SDK 1.1.5.
 */
@SuppressWarnings("deprecation")
class Sdk1xCompatibilityTest {

  @Test
  void filterExtractorAndAccessorsWorkWithSdk115() throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    connector.open();
    String base = "http://127.0.0.1:" + connector.getLocalPort();
    try (FakeAuthorizationServer as = new FakeAuthorizationServer();
        McpAuth mcpAuth =
            McpAuth.builder()
                .protectedResource(
                    ResourceServerConfig.builder(base + "/mcp")
                        .authorizationServer(
                            AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                        .build())
                .build()) {
      McpGate gate = mcpAuth.mcpGate(mcpAuth.bearerAuth()).build();
      HttpServletStreamableServerTransportProvider transport =
          HttpServletStreamableServerTransportProvider.builder()
              .mcpEndpoint("/mcp")
              .contextExtractor(McpAuthContextExtractor.contextExtractor())
              .build();
      McpSchema.Tool whoami =
          McpSchema.Tool.builder()
              .name("whoami")
              .inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\",\"properties\":{}}")
              .build();
      McpSyncServer server =
          McpServer.sync(transport)
              .serverInfo("compat", "1")
              .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
              .toolCall(
                  whoami,
                  (exchange, request) ->
                      McpSchema.CallToolResult.builder()
                          .addTextContent(
                              McpAuthContext.authInfo(exchange)
                                  .flatMap(i -> i.subject())
                                  .orElse("nobody"))
                          .build())
              .build();
      ServletContextHandler context = new ServletContextHandler();
      ServletHolder servlet = new ServletHolder("mcp", transport);
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/mcp");
      FilterHolder filter =
          new FilterHolder(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build());
      filter.setAsyncSupported(true);
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
      jetty.setHandler(context);
      jetty.start();
      try {
        String token = Tokens.valid(as.issuer(), base + "/mcp").build();
        try (McpSyncClient client =
            McpClient.sync(
                    HttpClientStreamableHttpTransport.builder(base)
                        .endpoint("/mcp")
                        .httpRequestCustomizer(
                            (b, method, uri, body, ctx) ->
                                b.header("Authorization", "Bearer " + token))
                        .build())
                .build()) {
          client.initialize();
          McpSchema.CallToolResult result =
              client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
          assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("alice");
        }
        try (McpSyncClient anonymous =
            McpClient.sync(HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp").build())
                .build()) {
          assertThatThrownBy(anonymous::initialize).isNotNull();
        }
      } finally {
        server.close();
        jetty.stop();
      }
    }
  }
}
