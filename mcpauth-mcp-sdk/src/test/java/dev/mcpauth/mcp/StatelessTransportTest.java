package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stateless transport: handlers receive the transport context, with the caller in it. */
class StatelessTransportTest {

  @Test
  void statelessHandlerSeesTheCallerAndPerToolScopesApply() throws Exception {
    try (LoopbackJetty jetty = new LoopbackJetty();
        TestAuthorizationServer as =
            new TestAuthorizationServer(jetty.base() + "/mcp", List.of("mcp:read"));
        McpAuth mcpAuth =
            McpAuth.builder()
                .protectedResource(
                    ResourceServerConfig.builder(jetty.base() + "/mcp")
                        .authorizationServer(
                            AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                        .build())
                .build()) {
      String base = jetty.base();
      McpGate gate = mcpAuth.mcpGate(mcpAuth.bearerAuth()).tool("admin", "mcp:admin").build();
      HttpServletStatelessServerTransport transport =
          HttpServletStatelessServerTransport.builder()
              .messageEndpoint("/mcp")
              .contextExtractor(McpAuthContextExtractor.contextExtractor())
              .build();
      McpStatelessSyncServer server =
          McpServer.sync(transport)
              .serverInfo("stateless", "1.0.0")
              .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
              .toolCall(
                  McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(),
                  (context, call) ->
                      McpSchema.CallToolResult.builder()
                          .addTextContent(
                              McpAuthContext.authInfo(context)
                                  .flatMap(i -> i.subject())
                                  .orElse("nobody"))
                          .build())
              .toolCall(
                  McpSchema.Tool.builder("admin", Map.of("type", "object")).build(),
                  (context, call) ->
                      McpSchema.CallToolResult.builder().addTextContent("admin").build())
              .build();
      jetty
          .servlet(transport, "/mcp")
          .filter(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build(), "/*")
          .start();
      String token = as.token(mcpAuth.resourceMetadataUrl(base + "/mcp"), "svc", "mcp:read");
      try (McpSyncClient client =
          McpClient.sync(
                  HttpClientStreamableHttpTransport.builder(base)
                      .endpoint("/mcp")
                      .addHttpRequestCustomizer(
                          (b, m, u, body, ctx) -> b.header("Authorization", "Bearer " + token))
                      .build())
              .build()) {
        client.initialize();
        McpSchema.CallToolResult who =
            client.callTool(
                McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build());
        assertThat(((McpSchema.TextContent) who.content().get(0)).text()).isEqualTo("svc");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () ->
                    client.callTool(
                        McpSchema.CallToolRequest.builder("admin").arguments(Map.of()).build()))
            .isInstanceOfSatisfying(
                McpHttpClientTransportAuthorizationException.class,
                e -> {
                  assertThat(e.getResponseInfo().statusCode()).isEqualTo(403);
                  assertThat(
                          e.getResponseInfo()
                              .headers()
                              .firstValue("WWW-Authenticate")
                              .orElseThrow())
                      .contains("error=\"insufficient_scope\", scope=\"mcp:admin\"");
                });
      } finally {
        server.close();
      }
    }
  }
}
