package dev.mcpauth.examples.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conformance fixture server over real HTTP on each adapter and transport: the SEP-2350 server
 * scope challenge (the low token gets one 403 naming both scopes of each operation, the full token
 * gets the fixture's result), and the fixture token verifier refusing any other token.
 */
class ConformanceServerTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Each SEP-2350 operation: method, params, both scopes, and what the full token's result holds.
   */
  private static final List<List<String>> OPERATIONS =
      List.of(
          List.of(
              "tools/call",
              "{\"name\":\"test_simple_text\",\"arguments\":{}}",
              "mcp:conformance:tools:call mcp:conformance:tools:test_simple_text",
              ConformanceFixtures.SIMPLE_TEXT),
          List.of(
              "resources/read",
              "{\"uri\":\"test://static-text\"}",
              "mcp:conformance:resources:read mcp:conformance:resources:static",
              ConformanceFixtures.STATIC_TEXT),
          List.of(
              "resources/read",
              "{\"uri\":\"test://template/123/data\"}",
              "mcp:conformance:resources:read mcp:conformance:resources:template:123",
              "Data for ID: 123"),
          List.of(
              "prompts/get",
              "{\"name\":\"test_simple_prompt\"}",
              "mcp:conformance:prompts:get mcp:conformance:prompts:test_simple_prompt",
              "This is a simple prompt for testing."));

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
    "javalin, streamable",
    "javalin, stateless",
    "servlet, streamable",
    "servlet, stateless",
    "undertow, stateless"
  })
  void lowTokenIsChallengedForBothScopesOfEachOperationAndTheFullTokenGetsTheResult(
      String adapter, String transport) throws Exception {
    try (ConformanceServer server =
        ConformanceServer.start(
            ConformanceServer.Options.parse(
                List.of("--port", "0", "--adapter", adapter, "--transport", transport)))) {
      String mcp = "http://localhost:" + server.port() + "/mcp";
      Optional<String> session =
          transport.equals("streamable") ? Optional.of(initialize(mcp)) : Optional.empty();
      for (List<String> op : OPERATIONS) {
        HttpResponse<String> low =
            post(mcp, ConformanceFixtures.LOW_TOKEN, session, op.get(0), op.get(1));
        assertThat(low.statusCode()).as(op.toString()).isEqualTo(403);
        String challenge = low.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge)
            .contains("error=\"insufficient_scope\"")
            .contains(
                "resource_metadata=\"http://localhost:"
                    + server.port()
                    + "/.well-known/oauth-protected-resource/mcp\"");
        Matcher scope = Pattern.compile("scope=\"([^\"]*)\"").matcher(challenge);
        assertThat(scope.find()).isTrue();
        assertThat(List.of(scope.group(1).split(" ")))
            .as("one challenge naming every scope of %s", op)
            .containsAll(List.of(op.get(2).split(" ")));

        HttpResponse<String> full =
            post(mcp, ConformanceFixtures.FULL_TOKEN, session, op.get(0), op.get(1));
        assertThat(full.statusCode()).as(op.toString()).isEqualTo(200);
        JsonObject reply = jsonRpc(full);
        assertThat(reply.has("result")).as(reply.toString()).isTrue();
        assertThat(reply.get("result").toString()).contains(op.get(3));
      }
      // another template id needs its own scope, which not even the full token holds
      HttpResponse<String> other =
          post(
              mcp,
              ConformanceFixtures.FULL_TOKEN,
              session,
              "resources/read",
              "{\"uri\":\"test://template/124/data\"}");
      assertThat(other.statusCode()).isEqualTo(403);
      assertThat(other.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("mcp:conformance:resources:template:124");
      // only the two fixture tokens are accepted
      HttpResponse<String> stranger =
          post(mcp, "mcp-conformance-scope-other", session, "tools/list", "{}");
      assertThat(stranger.statusCode()).isEqualTo(401);
      assertThat(stranger.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_token\"");
    }
  }

  @ParameterizedTest
  @CsvSource({"javalin", "servlet", "undertow"})
  void bindsLoopbackOnly(String adapter) throws Exception {
    try (ConformanceServer server =
        ConformanceServer.start(
            ConformanceServer.Options.parse(List.of("--port", "0", "--adapter", adapter)))) {
      assertThat(server.banner()).contains("TEST FIXTURE").contains("127.0.0.1");
      Optional<java.net.InetAddress> other =
          java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
              .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
              .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
              .findFirst();
      if (other.isPresent()) {
        assertThatThrownBy(() -> new java.net.Socket(other.get(), server.port()).close())
            .isInstanceOf(java.net.ConnectException.class);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void optionsRefuseAStreamableUndertowAndUnknownFlags() {
    assertThatThrownBy(
            () ->
                ConformanceServer.Options.parse(
                    List.of("--port", "0", "--adapter", "undertow", "--transport", "streamable")))
        .hasMessageContaining("stateless transport only");
    assertThatThrownBy(() -> ConformanceServer.Options.parse(List.of("--port", "1", "--host", "x")))
        .hasMessageContaining("unknown option --host");
    assertThatThrownBy(() -> ConformanceServer.Options.parse(List.of("--adapter", "javalin")))
        .hasMessageContaining("--port is required");
  }

  /** Opens a session with the full token: initialize, then notifications/initialized. */
  private static String initialize(String mcp) throws Exception {
    HttpResponse<String> init =
        post(
            mcp,
            ConformanceFixtures.FULL_TOKEN,
            Optional.empty(),
            "initialize",
            "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}");
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized =
        send(
            mcp,
            ConformanceFixtures.FULL_TOKEN,
            Optional.of(session),
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            Map.of());
    assertThat(initialized.statusCode()).isEqualTo(202);
    return session;
  }

  private static HttpResponse<String> post(
      String mcp, String token, Optional<String> session, String method, String params)
      throws Exception {
    return send(
        mcp,
        token,
        session,
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}",
        Map.of());
  }

  private static HttpResponse<String> send(
      String mcp, String token, Optional<String> session, String body, Map<String, String> extra)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(mcp))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2025-11-25")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    session.ifPresent(id -> request.header("Mcp-Session-Id", id));
    extra.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON-RPC message of a JSON response or of an SSE stream's last data line. */
  private static JsonObject jsonRpc(HttpResponse<String> response) {
    String body = response.body();
    if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      String data = null;
      for (String line : body.split("\\R")) {
        if (line.startsWith("data:")) {
          data = line.substring(5).trim();
        }
      }
      body = data;
    }
    return JsonParser.parseString(body).getAsJsonObject();
  }
}
