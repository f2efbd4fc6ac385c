package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.examples.docs.JavalinMcpQuickstart;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The README's complete Javalin + MCP example, run against the development authorization server.
 */
class JavalinMcpQuickstartTest {

  @Test
  void theReadmesJavalinMcpServerChallengesServesMetadataAndStepsUp() throws Exception {
    int port = DemoTest.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, resource)) {
      Javalin app = JavalinMcpQuickstart.start(as.issuer(), port);
      try {
        HttpResponse<String> anonymous = McpHttp.callTool(resource, null, "whoami", "{}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
            .hasValue(
                "Bearer resource_metadata=\"http://localhost:"
                    + port
                    + "/.well-known/oauth-protected-resource/mcp\", scope=\"read:notes\"");
        HttpResponse<String> metadata =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://localhost:"
                                    + port
                                    + "/.well-known/oauth-protected-resource/mcp"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.body()).contains("\"authorization_servers\":[\"" + as.issuer() + "\"]");
        String reader = McpHttp.token(as, "app", "read:notes", resource);
        HttpResponse<String> who = McpHttp.callTool(resource, reader, "whoami", "{}");
        assertThat(who.statusCode()).isEqualTo(200);
        assertThat(who.body()).contains("hello app");
        HttpResponse<String> refused = McpHttp.callTool(resource, reader, "create_note", "{}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
            .contains("error=\"insufficient_scope\"", "scope=\"read:notes write:notes\"");
        String writer = McpHttp.token(as, "app", "read:notes write:notes", resource);
        assertThat(McpHttp.callTool(resource, writer, "create_note", "{}").body())
            .contains("created");
      } finally {
        app.stop();
      }
    }
  }
}
