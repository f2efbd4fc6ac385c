package dev.mcpauth.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerType;
import dev.mcpauth.FakeAuthorizationServer;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.McpScopePolicy;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.Tokens;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import io.javalin.Javalin;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * (issue 14 items 6-11, issue 19 items 3 and 6) on Javalin: the MCP SDK's streamable servlet
 * transport mounted with {@link JavalinMcpEndpoint}, metadata from {@link McpAuthPlugin}, a plain
 * route behind {@link JavalinMcpAuth#bearerAuth} as a {@code before} handler.
 */
class HardeningHttpTest {
  private static final String UNICODE_TOOL = "grüße_日本";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final AtomicInteger transportCalls = new AtomicInteger();
  private final AtomicInteger protectedRouteCalls = new AtomicInteger();
  private FakeAuthorizationServer as;
  private McpAuth mcpAuth;
  private McpSyncServer mcpServer;
  private Javalin app;
  private String base;
  private String resource;

  @BeforeEach
  void start() throws Exception {
    int port = freePort();
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
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .contextExtractor(McpAuthContextExtractor.contextExtractor())
            .sessionSweepInterval(null)
            .build();
    mcpServer =
        McpServer.sync(transport)
            .serverInfo("hardening", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .strictToolNameValidation(
                false) // MCP 2026-07-28 names may be non-ASCII (sent Base64 in Mcp-Name)
            .toolCall(tool(UNICODE_TOOL), (exchange, call) -> text("hello from " + UNICODE_TOOL))
            .toolCall(tool("create_note"), (exchange, call) -> text("created"))
            .build();
    HttpServlet counted =
        new HttpServlet() {
          private static final long serialVersionUID = 1L;

          @Override
          public void service(ServletRequest req, ServletResponse res)
              throws ServletException, IOException {
            transportCalls.incrementAndGet();
            transport.service(req, res);
          }
        };
    app =
        Javalin.create(
                config -> {
                  config.jetty.host = "127.0.0.1";
                  config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth));
                  config.routes.before(
                      "/notes", JavalinMcpAuth.bearerAuth(mcpAuth.bearerAuth("mcp:read")));
                  config.routes.get(
                      "/notes",
                      ctx -> {
                        protectedRouteCalls.incrementAndGet();
                        ctx.result("secret notes");
                      });
                  config.routes.options(
                      "/notes",
                      ctx -> {
                        protectedRouteCalls.incrementAndGet();
                        ctx.result("secret notes");
                      });
                  JavalinMcpEndpoint.mount(
                      config, "/mcp", counted, McpAuthFilter.builder(gate).build());
                })
            .start(port);
  }

  @AfterEach
  void stop() {
    app.stop();
    mcpServer.close();
    mcpAuth.close();
    as.close();
  }

  // 14.6: malformed JSON-RPC from an authenticated caller gets a JSON-RPC error without internals.
  @Test
  void malformedJsonRpcGetsAPlainJsonRpcErrorWithoutInternals() throws Exception {
    String token = token("mcp:read");
    String session = initialize(token);
    for (String body : malformedBodies(UNICODE_TOOL)) {
      for (Map<String, String> headers :
          List.of(Map.<String, String>of(), Map.of("Mcp-Session-Id", session))) {
        assertPlainJsonRpcError(post(token, body, headers), body);
      }
    }
  }

  // 14.6, continued: "params" that is not an object, or "arguments" that is not an object, is
  // refused
  // by the gate with the request id (the SDK's streamable transport would answer an empty 200).
  @Test
  void paramsTheSdkCannotReadGetAJsonRpcError() throws Exception {
    String token = token("mcp:read");
    String session = initialize(token);
    for (String params :
        List.of(
            "\"oops\"",
            "7",
            "[\"x\"]",
            "true",
            "{\"name\":\"" + UNICODE_TOOL + "\",\"arguments\":7}")) {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":" + params + "}";
      assertPlainJsonRpcError(post(token, body, Map.of("Mcp-Session-Id", session)), body);
    }
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
    String session = initialize(token);
    HttpResponse<String> ok =
        post(
            token,
            toolCall(5, UNICODE_TOOL),
            Map.of(
                "Mcp-Session-Id",
                session,
                "Mcp-Method",
                "tools/call",
                "Mcp-Name",
                base64Header(UNICODE_TOOL)));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("hello from " + UNICODE_TOOL);

    // create_note needs mcp:write, which the token lacks: the mismatch must win over
    // insufficient_scope.
    HttpResponse<String> mismatch =
        post(
            token,
            toolCall(41, "create_note"),
            Map.of(
                "Mcp-Session-Id",
                session,
                "Mcp-Method",
                "tools/call",
                "Mcp-Name",
                base64Header(UNICODE_TOOL)));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("-32020").contains("\"id\":41");
    assertThat(mismatch.headers().firstValue("WWW-Authenticate")).isEmpty();

    HttpResponse<String> plainMismatch =
        post(
            token,
            toolCall("\"req-7\"", "create_note"),
            Map.of("Mcp-Session-Id", session, "Mcp-Method", "tools/call", "Mcp-Name", "whoami"));
    assertThat(plainMismatch.statusCode()).isEqualTo(400);
    assertThat(plainMismatch.body()).contains("-32020").contains("\"id\":\"req-7\"");

    HttpResponse<String> noScope =
        post(
            token,
            toolCall(42, "create_note"),
            Map.of(
                "Mcp-Session-Id", session, "Mcp-Method", "tools/call", "Mcp-Name", "create_note"));
    assertThat(noScope.statusCode()).isEqualTo(403);
  }

  // 14.10: a disallowed Origin is 403, with or without a token, and never reaches the transport.
  @Test
  void aDisallowedOriginIs403() throws Exception {
    String token = token("mcp:read");
    int before = transportCalls.get();
    for (String origin : List.of("https://evil.test", "null", "http://127.0.0.1.evil.test")) {
      assertThat(post(token, initializeBody(), Map.of("Origin", origin)).statusCode())
          .as(origin)
          .isEqualTo(403);
      assertThat(post(null, initializeBody(), Map.of("Origin", origin)).statusCode())
          .as(origin)
          .isEqualTo(403);
    }
    assertThat(transportCalls.get()).isEqualTo(before);
    assertThat(post(token, initializeBody(), Map.of("Origin", "https://app.test")).statusCode())
        .isEqualTo(200);
    assertThat(post(token, initializeBody(), Map.of("Origin", base)).statusCode()).isEqualTo(200);
  }

  // 14.11: an unsupported MCP-Protocol-Version is 400.
  @Test
  void anUnsupportedProtocolVersionIs400() throws Exception {
    String token = token("mcp:read");
    String session = initialize(token);
    HttpResponse<String> r =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
            Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "1999-01-01"));
    assertThat(r.statusCode()).isEqualTo(400);
    HttpResponse<String> known =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
            Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"));
    assertThat(known.statusCode()).isEqualTo(200);
  }

  // 19.3: a CORS preflight without a token is answered before any protected code, on both kinds of
  // route.
  @Test
  void aCorsPreflightNeverReachesProtectedCode() throws Exception {
    int transportBefore = transportCalls.get();
    HttpResponse<String> mcp = preflight(resource, "https://app.test");
    assertThat(mcp.statusCode()).isEqualTo(204);
    assertThat(mcp.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization");
    assertThat(preflight(resource, "https://evil.test").statusCode()).isEqualTo(403);
    assertThat(transportCalls.get()).isEqualTo(transportBefore);

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
    String session = initialize(token);
    int before = transportCalls.get();
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
              Map.of("Mcp-Session-Id", session));
      assertThat(r.statusCode()).as(params).isEqualTo(400);
      assertThat(r.body()).as(params).doesNotContain("created");
    }
    HttpResponse<String> uri =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/read\",\"params\":"
                + "{\"uri\":7}}",
            Map.of("Mcp-Session-Id", session));
    assertThat(uri.statusCode()).isEqualTo(400);
    assertThat(transportCalls.get()).isEqualTo(before);
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

  private String initialize(String token) throws Exception {
    HttpResponse<String> init = post(token, initializeBody(), Map.of());
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            post(
                    token,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    Map.of("Mcp-Session-Id", session))
                .statusCode())
        .isEqualTo(202);
    return session;
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
