package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Over real HTTP on one Spring stack (Spring AI streamable transport): an SSE stream ends when the
 * token that opened it expires, a new stream needs a valid token, forwarded answers are {@code
 * Cache-Control: private}, and the gate accepts only the SDK's protocol versions (issue 26 §3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StreamExpiryContract {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private FakeAuthorizationServer as;
  private ConfigurableApplicationContext app;
  private String resource;

  /** "webmvc" or "webflux". */
  abstract String stack();

  @BeforeAll
  void startApp() {
    as = new FakeAuthorizationServer();
    int port = NotesApp.freePort();
    resource = "http://127.0.0.1:" + port + "/mcp";
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
    p.put("spring.ai.mcp.server.name", "notes");
    p.put("mcpauth.resource", resource);
    p.put("mcpauth.authorization-servers[0].issuer", as.issuer());
    // no leeway: an expired token is refused at once, so the test need not wait a minute
    p.put("mcpauth.clock-skew", "0s");
    app = NotesApp.start(stack(), port, p);
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      app.close();
    }
    if (as != null) {
      as.close();
    }
  }

  private String token(long lifetimeSeconds) {
    return Tokens.valid(as.issuer(), resource)
        .claim("exp", Instant.now().getEpochSecond() + lifetimeSeconds)
        .build();
  }

  private HttpRequest.Builder mcp(String token, String session) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(resource))
            .timeout(BOUND)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json, text/event-stream");
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
    }
    return b;
  }

  private HttpResponse<String> post(String token, String session, String body) throws Exception {
    return http.send(
        mcp(token, session)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String session(String token) throws Exception {
    HttpResponse<String> init =
        post(
            token,
            null,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(init.statusCode()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            post(token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode())
        .isEqualTo(202);
    return session;
  }

  @Test
  void anSseStreamEndsWhenItsTokenExpiresAndANewStreamNeedsAValidToken() throws Exception {
    String session = session(token(300));
    long lifetime = 3;
    String shortLived = token(lifetime);
    Instant expiry = Instant.ofEpochSecond(Instant.now().getEpochSecond() + lifetime);
    HttpResponse<InputStream> stream =
        http.send(
            mcp(shortLived, session).header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    assertThat(stream.headers().firstValue("Cache-Control").orElse("").split(",\\s*"))
        .contains("private");
    // without the deadline the stream stays open and the read fails at the request timeout
    try (InputStream in = stream.body()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(Instant.now()).isAfterOrEqualTo(expiry.minusMillis(1000));
    HttpResponse<String> again =
        http.send(
            mcp(shortLived, session).header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(401);
  }

  @Test
  void forwardedAnswersAreCacheControlPrivateAndOnlyTheSdksVersionsAreAccepted() throws Exception {
    String token = token(300);
    String session = session(token);
    HttpResponse<String> list =
        post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().allValues("Cache-Control")).hasSize(1);
    assertThat(list.headers().firstValue("Cache-Control").orElseThrow().split(",\\s*"))
        .contains("private");
    HttpResponse<String> newer =
        http.send(
            HttpRequest.newBuilder(URI.create(resource))
                .timeout(BOUND)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/list")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(newer.statusCode()).isEqualTo(400);
    assertThat(newer.body()).contains("\"code\":-32022").contains("\"2025-11-25\"");
  }
}
