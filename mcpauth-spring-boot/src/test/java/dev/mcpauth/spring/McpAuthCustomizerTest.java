package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.spring.custom.NotesCustomizer;
import dev.mcpauth.testing.TestAuthorizationServer;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What properties configure, Java configuration reaches too; and the properties have IDE metadata.
 */
class McpAuthCustomizerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aCustomizerDeclaresToolScopesAndProtectedRoutes() throws Exception {
    int port = NotesApp.freePort();
    String base = "http://127.0.0.1:" + port;
    String resource = base + "/mcp";
    String metadata = base + "/.well-known/oauth-protected-resource/mcp";
    try (TestAuthorizationServer as = new TestAuthorizationServer(resource, List.of("read:notes"));
        ConfigurableApplicationContext app =
            NotesApp.start(
                "webmvc",
                port,
                Map.of(
                    "spring.ai.mcp.server.protocol",
                    "STATELESS",
                    "mcpauth.resource",
                    resource,
                    "mcpauth.authorization-servers[0].issuer",
                    as.issuer(),
                    "mcpauth.required-scopes",
                    "read:notes"),
                false,
                NotesCustomizer.class)) {
      String token = as.token(metadata, "notes-app", "read:notes");
      HttpResponse<String> call =
          http.send(
              HttpRequest.newBuilder(URI.create(resource))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                              + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(call.statusCode()).isEqualTo(403);
      assertThat(call.headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer error=\"insufficient_scope\", "
                  + "scope=\"read:notes admin:notes\", resource_metadata=\""
                  + metadata
                  + "\"");
      HttpResponse<String> notes =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/notes")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(notes.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void everyPropertyHasGeneratedMetadataWithADescription() throws Exception {
    JsonObject json;
    try (InputStream in =
        McpAuthProperties.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      json =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
    }
    List<String> names = new ArrayList<>();
    for (JsonElement property : json.getAsJsonArray("properties")) {
      JsonObject p = property.getAsJsonObject();
      names.add(p.get("name").getAsString());
      assertThat(p.has("description")).as(p.get("name").getAsString()).isTrue();
    }
    assertThat(names)
        .contains(
            "mcpauth.resource",
            "mcpauth.authorization-servers",
            "mcpauth.scopes-supported",
            "mcpauth.required-scopes",
            "mcpauth.tool-scopes",
            "mcpauth.audience",
            "mcpauth.dpop.enabled",
            "mcpauth.introspection.issuer",
            "mcpauth.cache.ttl",
            "mcpauth.hide-tools",
            "mcpauth.protected-paths");
  }
}
