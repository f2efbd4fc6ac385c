package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP on the servlet streamable transport: a stream ends when the token that opened it
 * expires, a new stream needs a valid token, and the gate accepts only the SDK's protocol versions
 * (issue 26 §3).
 */
class StreamExpiryTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  private LoopbackJetty jetty;
  private FakeAuthorizationServer as;
  private McpAuth mcpAuth;
  private McpSyncServer server;
  private String base;
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    jetty = new LoopbackJetty();
    base = jetty.base();
    as = new FakeAuthorizationServer();
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(base + "/mcp")
                    .authorizationServer(
                        AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                    // no leeway: an expired token is refused at once, so "a new stream needs a
                    // valid token" is visible within the test
                    .tokenPolicy(TokenPolicy.builder().clockSkew(Duration.ZERO).build())
                    .build())
            .build();
    McpGate gate = mcpAuth.mcpGate(mcpAuth.bearerAuth()).build();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .contextExtractor(McpAuthContextExtractor.contextExtractor())
            .sessionSweepInterval(null)
            .build();
    server =
        McpServer.sync(transport)
            .serverInfo("streams", "1")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolCall(
                McpSchema.Tool.builder("slow", Map.of("type", "object")).build(),
                (exchange, call) -> {
                  try {
                    release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return McpSchema.CallToolResult.builder().addTextContent("done").build();
                })
            .build();
    jetty
        .servlet(transport, "/mcp")
        .filter(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build(), "/*")
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    server.close();
    jetty.close();
    mcpAuth.close();
    as.close();
  }

  private String token(long lifetimeSeconds) {
    return Tokens.valid(as.issuer(), base + "/mcp")
        .claim("exp", Instant.now().getEpochSecond() + lifetimeSeconds)
        .build();
  }

  private HttpRequest.Builder mcp(String token) {
    return HttpRequest.newBuilder(URI.create(base + "/mcp"))
        .timeout(BOUND)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json, text/event-stream");
  }

  private HttpResponse<String> post(String token, String session, String body) throws Exception {
    HttpRequest.Builder b =
        mcp(token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A session opened with a long-lived token. */
  private String session(String token) throws Exception {
    HttpResponse<String> init =
        post(
            token,
            null,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(init.statusCode()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            post(token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode())
        .isEqualTo(202);
    return session;
  }

  /** Reads the stream to its end (bounded); returns when it ended. */
  private static Instant readToEnd(HttpResponse<InputStream> stream) throws Exception {
    try (InputStream in = stream.body()) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Instant.now();
  }

  @Test
  void anSseGetStreamEndsWhenItsTokenExpiresAndANewStreamNeedsAValidToken() throws Exception {
    String session = session(token(300));
    long lifetime = 3;
    String shortLived = token(lifetime);
    Instant expiry = Instant.ofEpochSecond(Instant.now().getEpochSecond() + lifetime);
    HttpResponse<InputStream> stream =
        http.send(
            mcp(shortLived)
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    assertThat(stream.headers().firstValue("Cache-Control").orElse("")).contains("private");
    // without the deadline the stream stays open and the read fails at the request timeout
    Instant ended = readToEnd(stream);
    assertThat(ended).isAfterOrEqualTo(expiry.minusMillis(1000));

    HttpResponse<String> again =
        http.send(
            mcp(shortLived)
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
  }

  @Test
  void aPostAnsweredAsAStreamEndsWhenItsTokenExpires() throws Exception {
    String session = session(token(300));
    long lifetime = 3;
    String shortLived = token(lifetime);
    Instant expiry = Instant.ofEpochSecond(Instant.now().getEpochSecond() + lifetime);
    HttpResponse<InputStream> stream =
        http.send(
            mcp(shortLived)
                .header("Content-Type", "application/json")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"slow\",\"arguments\":{}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    String body;
    try (InputStream in = stream.body()) {
      body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(Instant.now()).isAfterOrEqualTo(expiry.minusMillis(1000));
    // the tool was still running: the stream ended without its result
    assertThat(body).doesNotContain("done");
    assertThat(release.getCount()).isEqualTo(1);
  }

  @Test
  void theGateAcceptsOnlyTheProtocolVersionsOfTheSdkBehindIt() throws Exception {
    String token = token(300);
    String session = session(token);
    HttpResponse<String> newer =
        http.send(
            mcp(token)
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
    assertThat(newer.body())
        .contains("\"code\":-32022")
        .contains("\"supported\":[\"2024-11-05\",\"2025-03-26\",\"2025-06-18\",\"2025-11-25\"]")
        .contains("\"requested\":\"2026-07-28\"");
    HttpResponse<String> current =
        post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(current.body()).contains("slow");
    assertThat(current.headers().allValues("Cache-Control")).hasSize(1);
    assertThat(current.headers().firstValue("Cache-Control").orElseThrow().split(",\\s*"))
        .contains("private");
  }
}
