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
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deprecated HTTP+SSE transport behind the same filter: both its endpoints need a token. */
@SuppressWarnings("deprecation")
class SseTransportTest {

  @Test
  void sseTransportIsProtectedAndToolsSeeTheCaller() throws Exception {
    try (LoopbackJetty jetty = new LoopbackJetty();
        FakeAuthorizationServer as = new FakeAuthorizationServer();
        McpAuth mcpAuth =
            McpAuth.builder()
                .protectedResource(
                    ResourceServerConfig.builder(jetty.base() + "/sse")
                        .authorizationServer(
                            AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                        .build())
                .build()) {
      String base = jetty.base();
      McpGate gate = mcpAuth.mcpGate(mcpAuth.bearerAuth()).tool("admin", "mcp:admin").build();
      HttpServletSseServerTransportProvider transport =
          HttpServletSseServerTransportProvider.builder()
              .sseEndpoint("/sse")
              .messageEndpoint("/message")
              .contextExtractor(McpAuthContextExtractor.contextExtractor())
              .build();
      McpSyncServer server =
          McpServer.sync(transport)
              .serverInfo("sse", "1")
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
              .toolCall(
                  McpSchema.Tool.builder("admin", Map.of("type", "object")).build(),
                  (exchange, call) ->
                      McpSchema.CallToolResult.builder().addTextContent("admin").build())
              .build();
      jetty.servlet(transport, "/sse", "/message");
      for (String path : new String[] {"/sse", "/message"}) {
        jetty.filter(McpAuthFilter.builder(gate).build(), path);
      }
      jetty.start();
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : new String[] {"/sse", "/message?sessionId=x"}) {
          HttpResponse<String> anonymous =
              http.send(
                  HttpRequest.newBuilder(URI.create(base + path))
                      .timeout(Duration.ofSeconds(5))
                      .method(
                          path.equals("/sse") ? "GET" : "POST",
                          HttpRequest.BodyPublishers.ofString("{}"))
                      .header("Content-Type", "application/json")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
          assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
              .as(path)
              .startsWith("Bearer ")
              .contains("resource_metadata=");
        }
        String token = Tokens.valid(as.issuer(), base + "/sse").build();
        try (McpSyncClient client =
            McpClient.sync(
                    HttpClientSseClientTransport.builder(base)
                        .sseEndpoint("/sse")
                        .addHttpRequestCustomizer(
                            (b, method, uri, body, ctx) ->
                                b.header("Authorization", "Bearer " + token))
                        .build())
                .build()) {
          client.initialize();
          McpSchema.CallToolResult result =
              client.callTool(
                  McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build());
          assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("alice");
          assertThatThrownBy(
                  () ->
                      client.callTool(
                          McpSchema.CallToolRequest.builder("admin").arguments(Map.of()).build()))
              .isNotNull();
        }
      } finally {
        server.close();
      }
    }
  }
}
