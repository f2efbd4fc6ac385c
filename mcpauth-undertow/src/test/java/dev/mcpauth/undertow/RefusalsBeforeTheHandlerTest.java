package dev.mcpauth.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only an adapter-level setup can observe (issue 14 item 10, issue 19 items 3 and 6) on plain
 * Undertow: a refused request never runs a tool of {@link McpUndertowHandler} (counting tools), and
 * a CORS preflight never runs the route behind {@link BearerAuthHandler}. The HTTP-observable
 * behaviour of these and the other review findings runs against every demo server in the
 * cross-stack adversarial suite ({@code examples}: {@code AdversarialSuite}).
 */
class RefusalsBeforeTheHandlerTest {
  private static final String UNICODE_TOOL = "grüße_日本";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final AtomicInteger toolCalls = new AtomicInteger();
  private final AtomicInteger protectedRouteCalls = new AtomicInteger();
  private FakeAuthorizationServer as;
  private McpAuth mcpAuth;
  private McpStatelessSyncServer mcpServer;
  private Undertow server;
  private String base;
  private String resource;

  @BeforeEach
  void start() throws Exception {
    int port = UndertowAdapterTest.freePort();
    base = "http://127.0.0.1:" + port;
    resource = base + "/mcp";
    as = new FakeAuthorizationServer();
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(resource)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                    .scopesSupported("mcp:read", "mcp:write")
                    .build())
            .build();
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth("mcp:read"))
            .allowedOrigins("https://app.test")
            .tool("create_note", "mcp:write")
            .build();
    McpUndertowHandler transport = new McpUndertowHandler(gate);
    mcpServer =
        McpServer.sync(transport)
            .serverInfo("hardening", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .strictToolNameValidation(
                false) // MCP 2026-07-28 names may be non-ASCII (sent Base64 in Mcp-Name)
            .toolCall(
                tool(UNICODE_TOOL),
                (context, call) -> {
                  toolCalls.incrementAndGet();
                  return text("hello from " + UNICODE_TOOL);
                })
            .toolCall(
                tool("create_note"),
                (context, call) -> {
                  toolCalls.incrementAndGet();
                  return text("created");
                })
            .build();
    server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                new ProtectedResourceMetadataHandler(
                    mcpAuth,
                    Handlers.path()
                        .addExactPath("/mcp", transport)
                        .addExactPath(
                            "/notes",
                            new BearerAuthHandler(
                                mcpAuth.bearerAuth("mcp:read"),
                                exchange -> {
                                  protectedRouteCalls.incrementAndGet();
                                  exchange.getResponseSender().send("secret notes");
                                }))))
            .build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    mcpServer.close();
    mcpAuth.close();
    as.close();
  }

  // 14.10: a disallowed Origin is 403, with or without a token, and never reaches the transport.
  @Test
  void aDisallowedOriginIs403() throws Exception {
    String token = token("mcp:read");
    int before = toolCalls.get();
    for (String origin : List.of("https://evil.test", "null", "http://127.0.0.1.evil.test")) {
      assertThat(post(token, initializeBody(), Map.of("Origin", origin)).statusCode())
          .as(origin)
          .isEqualTo(403);
      assertThat(post(null, initializeBody(), Map.of("Origin", origin)).statusCode())
          .as(origin)
          .isEqualTo(403);
    }
    assertThat(toolCalls.get()).isEqualTo(before);
    assertThat(post(token, initializeBody(), Map.of("Origin", "https://app.test")).statusCode())
        .isEqualTo(200);
    assertThat(post(token, initializeBody(), Map.of("Origin", base)).statusCode()).isEqualTo(200);
  }

  // 19.3: a CORS preflight without a token is answered before any protected code, on both kinds of
  // route.
  @Test
  void aCorsPreflightNeverReachesProtectedCode() throws Exception {
    int toolsBefore = toolCalls.get();
    HttpResponse<String> mcp = preflight(resource, "https://app.test");
    assertThat(mcp.statusCode()).isEqualTo(204);
    assertThat(mcp.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization");
    assertThat(preflight(resource, "https://evil.test").statusCode()).isEqualTo(403);
    assertThat(toolCalls.get()).isEqualTo(toolsBefore);

    HttpResponse<String> notes = preflight(base + "/notes", "https://app.test");
    assertThat(notes.statusCode()).isEqualTo(204);
    assertThat(notes.body()).doesNotContain("secret");
    assertThat(protectedRouteCalls.get()).isZero();
    assertThat(get(base + "/notes", Map.of()).statusCode()).isEqualTo(401);
    assertThat(protectedRouteCalls.get()).isZero();
    assertThat(get(base + "/notes", Map.of("Authorization", "Bearer " + token("mcp:read"))).body())
        .isEqualTo("secret notes");
  }

  // 19.6: a name or uri that is present but not a string is 400, not "no tool".
  @Test
  void aNonStringToolNameIs400() throws Exception {
    String token = token("mcp:read");
    int before = toolCalls.get();
    for (String params :
        List.of(
            "{\"name\":42,\"arguments\":{}}",
            "{\"name\":{\"x\":1}}",
            "{\"name\":null}",
            "{\"name\":[\"create_note\"]}")) {
      HttpResponse<String> r =
          post(
              token,
              "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":" + params + "}",
              Map.of());
      assertThat(r.statusCode()).as(params).isEqualTo(400);
      assertThat(r.body()).as(params).doesNotContain("created");
    }
    HttpResponse<String> uri =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/read\",\"params\":"
                + "{\"uri\":7}}",
            Map.of());
    assertThat(uri.statusCode()).isEqualTo(400);
    assertThat(toolCalls.get()).isEqualTo(before);
  }

  private static String initializeBody() {
    return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"hardening\",\"version\":\"1\"}}}";
  }

  private String token(String scope) {
    return Tokens.valid(as.issuer(), resource).claim("scope", scope).build();
  }

  private HttpResponse<String> post(String token, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(resource))
            .timeout(Duration.ofSeconds(20))
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (!headers.containsKey("Content-Type")) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> preflight(String url, String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder(name, Map.of("type", "object")).build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }
}
