package dev.mcpauth.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.ScopeToolFilter;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An MCP server on plain Undertow 2.4 behind MCP Auth, driven by the real MCP Java SDK client. */
class McpUndertowHandlerTest {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private TestAuthorizationServer as;
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
    as = new TestAuthorizationServer(resource, List.of("notes:read", "notes:read notes:write"));
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(resource)
                    .authorizationServer(
                        AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                    .scopesSupported("notes:read", "notes:write")
                    .build())
            .build();
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth("notes:read"))
            .allowedOrigins("https://app.test")
            .tool("create_note", "notes:write")
            .build();
    McpUndertowHandler transport = new McpUndertowHandler(gate);
    mcpServer =
        McpServer.sync(transport)
            .serverInfo("notes", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolFilters(filters -> filters.add(new ScopeToolFilter(gate)))
            .toolCall(
                McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(),
                (context, call) -> {
                  AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
                  return McpSchema.CallToolResult.builder()
                      .addTextContent("sub=" + who.subject().orElse(""))
                      .build();
                })
            .toolCall(
                McpSchema.Tool.builder("create_note", Map.of("type", "object")).build(),
                (context, call) ->
                    McpSchema.CallToolResult.builder().addTextContent("created").build())
            .toolCall(
                McpSchema.Tool.builder("explode", Map.of("type", "object")).build(),
                (context, call) -> {
                  throw new IllegalStateException("secret internals");
                })
            .build();
    server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                new ProtectedResourceMetadataHandler(
                    mcpAuth, Handlers.path().addExactPath("/mcp", transport)))
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

  private McpSyncClient client(List<String> challenges) {
    AtomicReference<String> token = new AtomicReference<>();
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .addHttpRequestCustomizer(
                    (b, m, u, body, ctx) -> {
                      if (token.get() != null) {
                        b.header("Authorization", "Bearer " + token.get());
                      }
                    })
                .authorizationErrorHandler(
                    McpHttpClientTransportAuthorizationErrorHandler.fromSync(
                        (req, res, ctx) -> {
                          String challenge =
                              res.headers().firstValue("WWW-Authenticate").orElse("");
                          challenges.add(res.statusCode() + " " + challenge);
                          Map<String, String> p = new java.util.HashMap<>();
                          Matcher m = PARAM.matcher(challenge);
                          while (m.find()) {
                            p.put(m.group(1), m.group(2));
                          }
                          if (!p.containsKey("resource_metadata") || !p.containsKey("scope")) {
                            return false;
                          }
                          token.set(
                              as.token(p.get("resource_metadata"), "notes-app", p.get("scope")));
                          return true;
                        }))
                .build())
        .build();
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @Test
  void clientDiscoversAuthorizesCallsToolsAndStepsUp() {
    List<String> challenges = new ArrayList<>();
    try (McpSyncClient client = client(challenges)) {
      client.initialize();
      assertThat(challenges)
          .containsExactly(
              "401 Bearer resource_metadata=\""
                  + base
                  + "/.well-known/oauth-protected-resource/mcp\", scope=\"notes:read\"");
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder("whoami", "explode");
      assertThat(
              text(
                  client.callTool(
                      McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build())))
          .isEqualTo("sub=notes-app");
      assertThat(
              text(
                  client.callTool(
                      McpSchema.CallToolRequest.builder("create_note")
                          .arguments(Map.of())
                          .build())))
          .isEqualTo("created");
      assertThat(challenges.get(1))
          .isEqualTo(
              "403 Bearer error=\"insufficient_scope\", "
                  + "scope=\"notes:read notes:write\", resource_metadata=\""
                  + base
                  + "/.well-known/oauth-protected-resource/mcp\"");
    }
  }

  @Test
  void toolFailureBecomesAnErrorResultWithoutInternals() throws Exception {
    String token = as.token(mcpAuth.resourceMetadataUrl(resource), "notes-app", "notes:read");
    HttpResponse<String> response =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"explode\",\"arguments\":{}}}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("IllegalStateException").doesNotContain("\tat ");
  }

  @Test
  void httpContractOfTheEndpoint() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> anonymousGet =
        http.send(
            HttpRequest.newBuilder(URI.create(resource)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymousGet.statusCode()).isEqualTo(401);
    String token = as.token(mcpAuth.resourceMetadataUrl(resource), "notes-app", "notes:read");
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(
            post(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode())
        .isEqualTo(202);
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("Origin", "https://app.test")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization");
    HttpResponse<String> garbage = post(token, "{\"jsonrpc\":");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(post(null, "{\"jsonrpc\":").statusCode()).isEqualTo(401);
    HttpResponse<String> wrongType =
        http.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrongType.statusCode()).isEqualTo(415);
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(resource))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
