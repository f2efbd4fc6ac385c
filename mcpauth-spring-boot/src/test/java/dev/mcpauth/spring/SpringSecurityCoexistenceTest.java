package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.spring.secured.ApiSecurity;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application that already uses Spring Security's OAuth2 resource server for its own API, with
 * MCP Auth for the MCP endpoint ({@link ApiSecurity}): each side verifies its own requests, once,
 * and answers with its own single challenge.
 */
class SpringSecurityCoexistenceTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private TestAuthorizationServer as;
  private ConfigurableApplicationContext app;
  private String base;
  private String resource;

  @BeforeEach
  void start() {
    int port = NotesApp.freePort();
    base = "http://127.0.0.1:" + port;
    resource = base + "/mcp";
    as = new TestAuthorizationServer(resource, List.of("read:notes", "read:notes write:notes"));
    app =
        NotesApp.start(
            "webmvc",
            port,
            Map.of(
                "spring.ai.mcp.server.protocol",
                "STREAMABLE",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                as.issuer(),
                "mcpauth.resource",
                resource,
                "mcpauth.authorization-servers[0].issuer",
                as.issuer(),
                "mcpauth.required-scopes",
                "read:notes"),
            true,
            ApiSecurity.class);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    as.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void springSecurityOwnsTheApiAndMcpAuthOwnsTheMcpEndpoint() throws Exception {
    String metadata = base + "/.well-known/oauth-protected-resource/mcp";
    HttpResponse<String> api =
        send(HttpRequest.newBuilder(URI.create(base + "/api/hello")).GET(), null);
    assertThat(api.statusCode()).isEqualTo(401);
    // Spring Security's own challenge (Spring Security 7 points at metadata of its own), once.
    assertThat(api.headers().allValues("WWW-Authenticate"))
        .singleElement()
        .satisfies(
            challenge -> assertThat(challenge).startsWith("Bearer").doesNotContain(metadata));

    HttpResponse<String> mcp =
        send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(StackContract.INITIALIZE)),
            null);
    assertThat(mcp.statusCode()).isEqualTo(401);
    assertThat(mcp.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer resource_metadata=\"" + metadata + "\", scope=\"read:notes\"");

    String token = as.token(metadata, "api-client", "read:notes");
    HttpResponse<String> hello =
        send(HttpRequest.newBuilder(URI.create(base + "/api/hello")).GET(), token);
    assertThat(hello.statusCode())
        .as(hello.headers().allValues("WWW-Authenticate").toString())
        .isEqualTo(200);
    assertThat(hello.body()).isEqualTo("{\"hello\":\"api-client\"}");

    List<String> challenges = new ArrayList<>();
    try (McpSyncClient client = McpClients.client(base, as, "notes-app", challenges)) {
      client.initialize();
      assertThat(McpClients.call(client, "whoami", Map.of()))
          .isEqualTo("sub=notes-app scopes=read:notes");
    }
    assertThat(challenges).hasSize(1);
  }
}
