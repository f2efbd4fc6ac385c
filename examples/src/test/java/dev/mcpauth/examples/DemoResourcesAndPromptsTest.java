package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's resource template {@code notes://{id}} and prompt {@code draft_note} over real HTTP on
 * every adapter: listed, read with the right scope, and refused with the one-challenge step-up 403
 * without it, exactly like {@code tools/call create_note}.
 */
class DemoResourcesAndPromptsTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();

  /** The answer to one MCP request: status, WWW-Authenticate (or "-") and body. */
  private record Answer(int status, String challenge, String body) {}

  private String token(Demo demo, String scope) throws Exception {
    DevAuthorizationServer as = demo.devServer().orElseThrow();
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(as.tokenEndpoint())
                    .header("Authorization", Credentials.basic("demo-client", "secret"))
                    .post(
                        new FormBody.Builder()
                            .add("grant_type", "client_credentials")
                            .add("scope", scope)
                            .add("resource", demo.resource())
                            .build())
                    .build())
            .execute()) {
      String body = r.body().string();
      assertThat(r.code()).as(body).isEqualTo(200);
      return body.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
  }

  private Answer call(Demo demo, String token, String method, String params) throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
            + method
            + "\""
            + (params == null ? "" : ",\"params\":" + params)
            + "}";
    Request request =
        new Request.Builder()
            .url("http://localhost:" + demo.port() + "/mcp")
            .header("Accept", "application/json, text/event-stream")
            .header("Authorization", "Bearer " + token)
            .post(RequestBody.create(body, JSON))
            .build();
    try (Response r = http.newCall(request).execute()) {
      String challenge = r.header("WWW-Authenticate");
      return new Answer(r.code(), challenge == null ? "-" : challenge, r.body().string());
    }
  }

  private static String insufficientScope(Demo demo, String scope) {
    return "Bearer error=\"insufficient_scope\", scope=\""
        + scope
        + "\", resource_metadata=\"http://localhost:"
        + demo.port()
        + "/.well-known/oauth-protected-resource/mcp\"";
  }

  @ParameterizedTest
  @ValueSource(strings = {"javalin", "undertow", "servlet"})
  void theResourceAndThePromptAreListedReadAndSteppedUpTo(String adapter) throws Exception {
    try (Demo demo =
        Demo.start(
            DemoOptions.parse(
                List.of("--port", String.valueOf(DemoTest.freePort()), "--adapter", adapter)))) {
      String read = token(demo, "read:notes");
      String readWrite = token(demo, "read:notes write:notes");
      String writeOnly = token(demo, "write:notes");

      Answer templates = call(demo, read, "resources/templates/list", null);
      assertThat(templates.status()).as(templates.body()).isEqualTo(200);
      assertThat(templates.body()).contains("\"uriTemplate\":\"notes://{id}\"");
      Answer resources = call(demo, read, "resources/list", null);
      assertThat(resources.status()).as(resources.body()).isEqualTo(200);
      assertThat(resources.body()).contains("\"resources\":[]");
      Answer prompts = call(demo, read, "prompts/list", null);
      assertThat(prompts.status()).as(prompts.body()).isEqualTo(200);
      assertThat(prompts.body()).contains("\"name\":\"draft_note\"", "\"name\":\"topic\"");

      // resources/read with read:notes: the note's content
      Answer note = call(demo, read, "resources/read", "{\"uri\":\"notes://1\"}");
      assertThat(note.status()).as(note.body()).isEqualTo(200);
      assertThat(note.body())
          .contains("\"uri\":\"notes://1\"", "\"text\":\"Welcome to MCP Auth for Java.\"");
      Answer missing = call(demo, read, "resources/read", "{\"uri\":\"notes://99\"}");
      assertThat(missing.status()).isEqualTo(200); // a JSON-RPC error, authorization passed
      assertThat(missing.body()).contains("\"error\"").doesNotContain("Welcome");
      // without read:notes: one 403 naming the scope the read needs
      Answer refused = call(demo, writeOnly, "resources/read", "{\"uri\":\"notes://1\"}");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.challenge()).isEqualTo(insufficientScope(demo, "read:notes"));
      assertThat(refused.body()).doesNotContain("Welcome");

      // prompts/get draft_note with read:notes only: the step-up 403, every needed scope at once
      Answer stepUp =
          call(
              demo,
              read,
              "prompts/get",
              "{\"name\":\"draft_note\",\"arguments\":{\"topic\":\"x\"}}");
      assertThat(stepUp.status()).isEqualTo(403);
      assertThat(stepUp.challenge()).isEqualTo(insufficientScope(demo, "read:notes write:notes"));
      Answer drafted =
          call(
              demo,
              readWrite,
              "prompts/get",
              "{\"name\":\"draft_note\",\"arguments\":{\"topic\":\"Redis\"}}");
      assertThat(drafted.status()).as(drafted.body()).isEqualTo(200);
      assertThat(drafted.body()).contains("Write a short note about Redis", "create_note");
      // the same step-up as the tool the prompt leads to
      Answer tool =
          call(
              demo,
              read,
              "tools/call",
              "{\"name\":\"create_note\",\"arguments\":{\"text\":\"hi\"}}");
      assertThat(tool.challenge()).isEqualTo(stepUp.challenge());
    }
  }

  @Test
  void theTemplatesScopeIsDeclaredNotOnlyInheritedFromTheBaseline() {
    // the demo's scope table on a gate that is only asked, never called
    McpAuth offline =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://offline.example/mcp")
                    .authorizationServer(AuthServerConfig.discover("https://as.offline.example"))
                    .build())
            .build();
    McpGate scopes =
        NotesMcpServer.scopes(offline.mcpGate(offline.bearerAuth()), new NoteStore()).build();
    assertThat(scopes.scopesFor("resources/read", "notes://7")).containsExactly("read:notes");
    assertThat(scopes.scopesFor("resources/read", "notes://7/x")).isEmpty();
    assertThat(scopes.scopesFor("prompts/get", "draft_note")).containsExactly("write:notes");
  }

  @Test
  void theBannerMentionsTheResourceAndThePrompt() throws Exception {
    try (Demo demo =
        Demo.start(DemoOptions.parse(List.of("--port", String.valueOf(DemoTest.freePort()))))) {
      assertThat(demo.banner())
          .contains("resources/read", "notes://1", "prompts/get", "draft_note");
    }
  }
}
