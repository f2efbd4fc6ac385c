package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's downstream API and its {@code whoami_downstream} tool, over real HTTP on every
 * adapter: the tool exchanges the caller's token at the authorization server (RFC 8693) and the
 * downstream API sees the caller as {@code sub}, itself as {@code aud} and the MCP server as {@code
 * act}; the caller's own token is refused there.
 */
class DemoWhoamiDownstreamTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Demo start(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--port", String.valueOf(DemoTest.freePort())));
    all.addAll(List.of(args));
    return Demo.start(DemoOptions.parse(all));
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The tool's result: its text, prefixed with "error: " when isError. */
  static String whoamiDownstream(Demo demo, String token) throws Exception {
    HttpResponse<String> r =
        McpHttp.callTool(
            "http://localhost:" + demo.port() + "/mcp", token, "whoami_downstream", "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject result =
        JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("result");
    String text =
        result.getAsJsonArray("content").get(0).getAsJsonObject().get("text").getAsString();
    boolean error = result.has("isError") && result.get("isError").getAsBoolean();
    return error ? "error: " + text : text;
  }

  @ParameterizedTest
  @ValueSource(strings = {"javalin", "undertow", "servlet"})
  void theToolCallsTheDownstreamApiWithAnExchangedTokenOnEveryAdapter(String adapter)
      throws Exception {
    try (Demo demo = start("--adapter", adapter)) {
      String base = "http://localhost:" + demo.port();
      String token =
          McpHttp.token(demo.devServer().orElseThrow(), "alice-app", "read:notes", demo.resource());

      String seen = whoamiDownstream(demo, token);
      System.out.println("whoami_downstream on " + adapter + ": " + seen);
      assertThat(seen)
          .isEqualTo(
              "{\"sub\":\"alice-app\",\"aud\":[\""
                  + base
                  + "/downstream\"],\"act\":{\"sub\":\"notes-mcp-server\"}}");

      // the MCP endpoint's token, sent directly: refused for its audience
      HttpResponse<String> direct = get(base + DownstreamApi.WHOAMI_PATH, token);
      assertThat(direct.statusCode()).isEqualTo(401);
      assertThat(direct.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer error=\"invalid_token\"")
          .contains(
              "resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/downstream\"");
      assertThat(get(base + DownstreamApi.WHOAMI_PATH, null).statusCode()).isEqualTo(401);

      // its own RFC 9728 metadata
      HttpResponse<String> metadata =
          get(base + "/.well-known/oauth-protected-resource/downstream", null);
      assertThat(metadata.statusCode()).isEqualTo(200);
      assertThat(metadata.body()).contains("\"resource\":\"" + base + "/downstream\"");

      // a token issued for the downstream API is accepted there directly
      String forDownstream =
          McpHttp.token(
              demo.devServer().orElseThrow(), "bob-app", "read:notes", base + "/downstream");
      HttpResponse<String> ok = get(base + DownstreamApi.WHOAMI_PATH, forDownstream);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body())
          .isEqualTo("{\"sub\":\"bob-app\",\"aud\":[\"" + base + "/downstream\"]}");
    }
  }

  @Test
  void eachCallerIsSeenAsThemselves() throws Exception {
    try (Demo demo = start()) {
      DevAuthorizationServer as = demo.devServer().orElseThrow();
      String alice = McpHttp.token(as, "alice-app", "read:notes", demo.resource());
      String bob = McpHttp.token(as, "bob-app", "read:notes", demo.resource());
      for (int i = 0; i < 2; i++) {
        assertThat(whoamiDownstream(demo, alice)).contains("\"sub\":\"alice-app\"");
        assertThat(whoamiDownstream(demo, bob)).contains("\"sub\":\"bob-app\"");
      }
    }
  }

  @Test
  void opaqueTokensAreExchangedAndIntrospectedDownstream() throws Exception {
    try (Demo demo = start("--tokens", "opaque")) {
      String token =
          McpHttp.token(demo.devServer().orElseThrow(), "alice-app", "read:notes", demo.resource());
      assertThat(token).doesNotContain(".");
      assertThat(whoamiDownstream(demo, token))
          .contains("\"sub\":\"alice-app\"", "\"act\":{\"sub\":\"notes-mcp-server\"}");
    }
  }

  @Test
  void withAnExternalIssuerTheToolNeedsAnExchangeClient() throws Exception {
    try (DevAuthorizationServer external =
        DevAuthorizationServer.start(0, "http://localhost:1/unused")) {
      try (Demo demo = start("--issuer", external.issuer())) {
        String token = McpHttp.token(external, "alice-app", "read:notes", demo.resource());
        assertThat(whoamiDownstream(demo, token))
            .startsWith(
                "error: token exchange is not configured: start the demo with"
                    + " --exchange-client ID:SECRET");
      }
      try (Demo demo = start("--issuer", external.issuer(), "--exchange-client", "mcp-x:s3cret")) {
        String token = McpHttp.token(external, "alice-app", "read:notes", demo.resource());
        assertThat(whoamiDownstream(demo, token))
            .isEqualTo(
                "{\"sub\":\"alice-app\",\"aud\":[\"http://localhost:"
                    + demo.port()
                    + "/downstream\"],\"act\":{\"sub\":\"mcp-x\"}}");
      }
    }
  }

  @Test
  void whenTheAuthorizationServerIsDownTheToolSaysSoAndSendsNothing() throws Exception {
    try (Demo demo = start()) {
      DevAuthorizationServer as = demo.devServer().orElseThrow();
      String token = McpHttp.token(as, "alice-app", "read:notes", demo.resource());
      whoamiDownstream(demo, token); // warm: the MCP endpoint has the keys
      String other = McpHttp.token(as, "carol-app", "read:notes", demo.resource());
      as.close();
      assertThat(whoamiDownstream(demo, other))
          .isEqualTo("error: the authorization server is unavailable, try again later");
    }
  }
}
