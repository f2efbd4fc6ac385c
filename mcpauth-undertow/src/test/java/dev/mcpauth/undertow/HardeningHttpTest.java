package dev.mcpauth.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerType;
import dev.mcpauth.FakeAuthorizationServer;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.McpScopePolicy;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.Tokens;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression tests over real HTTP for the HTTP-facing findings of the outside security reviews
 * (issue 14 items 6-11, issue 19 items 3, 6 and 9) on plain Undertow: {@link McpUndertowHandler}
 * (the stateless MCP transport), {@link ProtectedResourceMetadataHandler}, and a plain route behind
 * {@link BearerAuthHandler}.
 */
class HardeningHttpTest {
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
                        AuthServerConfig.resolved(AuthServerType.OIDC, as.metadata()))
                    .scopesSupported("mcp:read", "mcp:write")
                    .build())
            .build();
    McpGate gate =
        McpGate.builder(mcpAuth, mcpAuth.bearerAuth("mcp:read"))
            .allowedOrigins("https://app.test")
            .scopePolicy(McpScopePolicy.builder().tool("create_note", "mcp:write").build())
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

  // 14.6 and 19.9: malformed JSON-RPC from an authenticated caller gets a 400 JSON-RPC error
  // without
  // internals, and nothing is logged at error level.
  @Test
  void malformedJsonRpcGetsAPlainJsonRpcErrorWithoutInternals() throws Exception {
    String token = token("mcp:read");
    String log =
        capturingStandardError(
            () -> {
              for (String body : malformedBodies(UNICODE_TOOL)) {
                assertPlainJsonRpcError(post(token, body, Map.of()), body);
              }
              // Past the gate, but not a message the SDK reads (19.9: was a 500 and a logged stack
              // trace).
              String objectId = "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}";
              HttpResponse<String> r = post(token, objectId, Map.of());
              assertThat(r.statusCode()).isEqualTo(400);
              assertPlainJsonRpcError(r, objectId);
              String stringParams =
                  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":\"oops\"}";
              assertPlainJsonRpcError(post(token, stringParams, Map.of()), stringParams);
              String badArguments =
                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
                      + UNICODE_TOOL
                      + "\",\"arguments\":7}}";
              HttpResponse<String> bad = post(token, badArguments, Map.of());
              assertThat(bad.statusCode())
                  .isEqualTo(400); // refused by the gate, with the request id
              assertThat(bad.body()).contains("\"id\":2");
              assertPlainJsonRpcError(bad, badArguments);
            });
    assertThat(log).doesNotContain("ERROR").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(toolCalls.get()).isZero();
  }

  // 14.7: only UTF-8 JSON; any other declared charset is 415, never 500.
  @Test
  void aCharsetOtherThanUtf8Is415() throws Exception {
    String token = token("mcp:read");
    for (String charset : List.of("UTF-16", "x-bogus", "ISO-8859-1")) {
      HttpResponse<String> r =
          post(
              token,
              initializeBody(),
              Map.of("Content-Type", "application/json; charset=" + charset));
      assertThat(r.statusCode()).as(charset).isEqualTo(415);
      assertThat(r.body()).as(charset).doesNotContain("Exception").doesNotContain("Charset");
    }
    HttpResponse<String> utf8 =
        post(token, initializeBody(), Map.of("Content-Type", "application/json; charset=utf-8"));
    assertThat(utf8.statusCode()).isEqualTo(200);
  }

  // 14.8: the metadata path with a trailing slash is 404 and logs no stack trace.
  @Test
  void metadataPathWithATrailingSlashIs404WithoutAStackTrace() throws Exception {
    String log =
        capturingStandardError(
            () -> {
              for (int i = 0; i < 3; i++) {
                HttpResponse<String> r =
                    get(base + "/.well-known/oauth-protected-resource/mcp/", Map.of());
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(r.body()).doesNotContain("Exception");
              }
            });
    assertThat(log).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(get(base + "/.well-known/oauth-protected-resource/mcp", Map.of()).statusCode())
        .isEqualTo(200);
  }

  // 14.9: Base64 Mcp-Name is decoded; a mismatch is 400 -32020 with the id, before any scope
  // decision.
  @Test
  void base64McpNameIsDecodedAndAMismatchIs400BeforeScopes() throws Exception {
    String token = token("mcp:read");
    HttpResponse<String> ok =
        post(
            token,
            toolCall(5, UNICODE_TOOL),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", base64Header(UNICODE_TOOL)));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("hello from " + UNICODE_TOOL);

    // create_note needs mcp:write, which the token lacks: the mismatch must win over
    // insufficient_scope.
    HttpResponse<String> mismatch =
        post(
            token,
            toolCall(41, "create_note"),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", base64Header(UNICODE_TOOL)));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("-32020").contains("\"id\":41");
    assertThat(mismatch.headers().firstValue("WWW-Authenticate")).isEmpty();

    HttpResponse<String> plainMismatch =
        post(
            token,
            toolCall("\"req-7\"", "create_note"),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", "whoami"));
    assertThat(plainMismatch.statusCode()).isEqualTo(400);
    assertThat(plainMismatch.body()).contains("-32020").contains("\"id\":\"req-7\"");

    HttpResponse<String> noScope =
        post(
            token,
            toolCall(42, "create_note"),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", "create_note"));
    assertThat(noScope.statusCode()).isEqualTo(403);
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

  // 14.11: an unsupported MCP-Protocol-Version is 400.
  @Test
  void anUnsupportedProtocolVersionIs400() throws Exception {
    String token = token("mcp:read");
    HttpResponse<String> r =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
            Map.of("MCP-Protocol-Version", "1999-01-01"));
    assertThat(r.statusCode()).isEqualTo(400);
    HttpResponse<String> known =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
            Map.of("MCP-Protocol-Version", "2025-06-18"));
    assertThat(known.statusCode()).isEqualTo(200);
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

  static List<String> malformedBodies(String tool) {
    return List.of(
        "{\"x\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "[]",
        "null",
        "\"text\"",
        "42",
        "[{\"x\":1}]",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool
            + "\",\"arguments\":7}}",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}",
        "{\"jsonrpc\":",
        "{\"id\":1,\"method\":5}");
  }

  /** A JSON-RPC error (never 5xx) that names no exception, message of a library or stack frame. */
  static void assertPlainJsonRpcError(HttpResponse<String> r, String sent) {
    assertThat(r.statusCode()).as(sent).isBetween(200, 499);
    String body = r.body();
    assertThat(body)
        .as(r.statusCode() + " " + r.headers().map() + " for " + sent)
        .contains("\"error\"")
        .contains("\"code\"")
        .doesNotContain("Exception")
        .doesNotContain("stackTrace")
        .doesNotContain("\tat ")
        .doesNotContain("jackson")
        .doesNotContain("Jackson")
        .doesNotContain("java.")
        .doesNotContain("io.modelcontextprotocol")
        .doesNotContain("Cannot ")
        .doesNotContain("Unrecognized");
  }

  private static String initializeBody() {
    return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"hardening\",\"version\":\"1\"}}}";
  }

  private static String toolCall(Object id, String name) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + name
        + "\",\"arguments\":{}}}";
  }

  private static String base64Header(String value) {
    return "=?base64?"
        + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
        + "?=";
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

  /** What the server logged (slf4j-simple writes to standard error) while {@code action} ran. */
  static String capturingStandardError(ThrowingRunnable action) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.err.flush();
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** A block that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder(name, Map.of("type", "object")).build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }
}
