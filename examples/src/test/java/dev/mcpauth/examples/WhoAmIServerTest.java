package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The userinfo-verifier example with the real MCP Java SDK client and real tokens. */
class WhoAmIServerTest {

  @Test
  void toolAnswersWhoTheCallerIsAndInvalidTokensAreRefused() throws Exception {
    int port = DemoTest.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, resource, "JWT");
        WhoAmIServer server = new WhoAmIServer(as.issuer(), port)) {
      String token = McpHttp.token(as, "erin", "openid", resource);
      try (McpSyncClient client =
          McpClient.sync(
                  HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
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
            .isEqualTo("subject=erin issuer=" + as.issuer());
      }
      HttpResponse<String> garbage = McpHttp.callTool(resource, "not-a-token", "whoami", "{}");
      assertThat(garbage.statusCode()).isEqualTo(401);
      assertThat(garbage.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_token\"", "The access token is not active.");
      String elsewhere = McpHttp.token(as, "erin", "openid", "http://localhost:1/other");
      HttpResponse<String> wrongAudience = McpHttp.callTool(resource, elsewhere, "whoami", "{}");
      assertThat(wrongAudience.statusCode()).isEqualTo(401);
      assertThat(wrongAudience.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("The access token was not issued for this resource.");
    }
  }
}
