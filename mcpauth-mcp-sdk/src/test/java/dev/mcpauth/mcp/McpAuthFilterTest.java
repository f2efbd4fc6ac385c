package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real MCP server (SDK 2.1 streamable transport) on Jetty behind {@link McpAuthFilter}, driven by
 * the real SDK client whose authorization error handler performs discovery and step-up.
 */
class McpAuthFilterTest {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private LoopbackJetty jetty;
  private TestAuthorizationServer as;
  private McpAuth mcpAuth;
  private McpSyncServer mcpServer;
  private String base;
  private String resource;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    jetty = new LoopbackJetty();
    base = jetty.base();
    resource = base + "/mcp";
    as = new TestAuthorizationServer(resource, List.of("read:notes", "read:notes write:notes"));

    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(resource)
                    .authorizationServer(
                        AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                    .scopesSupported("read:notes", "write:notes")
                    .build())
            .build();
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth("read:notes"))
            .tool("create_note", "write:notes")
            .build();

    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .contextExtractor(McpAuthContextExtractor.contextExtractor())
            // DNS-rebinding protection from the SDK, alongside MCP Auth (the filter runs first).
            .httpHeaderValidator(
                DefaultServerTransportSecurityValidator.builder()
                    .allowedHost(jetty.hostAndPort())
                    .allowedOrigin(base)
                    .build())
            .sessionSweepInterval(null)
            .build();
    List<String> notes = Collections.synchronizedList(new ArrayList<>());
    mcpServer =
        McpServer.sync(transport)
            .serverInfo("notes", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .addToolFilter(new ScopeToolFilter(gate))
            .toolCall(
                tool("whoami"),
                (exchange, call) -> {
                  AuthInfo who = McpAuthContext.authInfo(exchange).orElseThrow();
                  return text(
                      "sub="
                          + who.subject().orElse("")
                          + " scopes="
                          + String.join(",", who.scopes()));
                })
            .toolCall(
                tool("create_note"),
                (exchange, call) -> {
                  notes.add(String.valueOf(call.arguments().get("text")));
                  return text("created " + notes.size());
                })
            .build();

    jetty
        .servlet(transport, "/mcp")
        .filter(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build(), "/*")
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    mcpServer.close();
    jetty.close();
    mcpAuth.close();
    as.close();
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder(name, Map.of("type", "object", "properties", Map.of())).build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  private static Map<String, String> params(String challenge) {
    Map<String, String> out = new java.util.HashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  /**
   * The SDK client, obtaining tokens the MCP way whenever it is challenged (401 or 403 step-up).
   */
  private McpSyncClient client(String clientId, List<String> challenges) {
    AtomicReference<String> token = new AtomicReference<>();
    McpHttpClientTransportAuthorizationErrorHandler discovery =
        McpHttpClientTransportAuthorizationErrorHandler.fromSync(
            (request, response, context) -> {
              String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
              challenges.add(response.statusCode() + " " + challenge);
              Map<String, String> p = params(challenge);
              if (!p.containsKey("resource_metadata") || !p.containsKey("scope")) {
                return false;
              }
              token.set(as.token(p.get("resource_metadata"), clientId, p.get("scope")));
              return true;
            });
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .addHttpRequestCustomizer(
                    (b, method, uri, body, ctx) -> {
                      if (token.get() != null) {
                        b.header("Authorization", "Bearer " + token.get());
                      }
                    })
                .authorizationErrorHandler(discovery)
                .build())
        .build();
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @Test
  void clientDiscoversTheServerGetsATokenAndToolsSeeTheCaller() {
    List<String> challenges = new ArrayList<>();
    try (McpSyncClient client = client("notes-app", challenges)) {
      client.initialize();
      assertThat(challenges)
          .containsExactly(
              "401 Bearer resource_metadata=\""
                  + base
                  + "/.well-known/oauth-protected-resource/mcp\", scope=\"read:notes\"");
      assertThat(
              text(
                  client.callTool(
                      McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build())))
          .isEqualTo("sub=notes-app scopes=read:notes");
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactly("whoami");
    }
  }

  @Test
  void toolNeedingMoreScopesIs403AndTheClientStepsUp() {
    List<String> challenges = new ArrayList<>();
    try (McpSyncClient client = client("notes-app", challenges)) {
      client.initialize();
      McpSchema.CallToolResult result =
          client.callTool(
              McpSchema.CallToolRequest.builder("create_note")
                  .arguments(Map.of("text", "hello"))
                  .build());
      assertThat(text(result)).isEqualTo("created 1");
      assertThat(challenges.get(1))
          .isEqualTo(
              "403 Bearer error=\"insufficient_scope\", "
                  + "scope=\"read:notes write:notes\", resource_metadata=\""
                  + base
                  + "/.well-known/oauth-protected-resource/mcp\"");
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder("whoami", "create_note");
    }
  }

  private HttpResponse<String> post(String token, String sessionId, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(resource))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (sessionId != null) {
      b.header("Mcp-Session-Id", sessionId);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @Test
  void sessionCreatedByOneCallerCannotBeUsedWithAnotherCallersToken() throws Exception {
    String metadataUrl = mcpAuth.resourceMetadataUrl(resource);
    String alice = as.token(metadataUrl, "alice-app", "read:notes");
    String bob = as.token(metadataUrl, "bob-app", "read:notes");
    HttpResponse<String> init = post(alice, null, INITIALIZE);
    assertThat(init.statusCode()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    HttpResponse<String> stolen = post(bob, session, list);
    assertThat(stolen.statusCode()).isEqualTo(403);
    assertThat(stolen.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(stolen.body()).contains("invalid_session");
    assertThat(post(null, session, list).statusCode())
        .as("a session id is not a credential")
        .isEqualTo(401);
  }

  @Test
  void everyMethodOfTheEndpointNeedsAToken() throws Exception {
    for (String method : List.of("GET", "DELETE")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(resource))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(401);
    }
    HttpResponse<String> garbage = post(null, null, "{not json");
    assertThat(garbage.statusCode()).as("auth before protocol").isEqualTo(401);
  }

  @Test
  void unreadableBodyWithAValidTokenIsRefusedWithoutAStackTrace() throws Exception {
    String token = as.token(mcpAuth.resourceMetadataUrl(resource), "alice-app", "read:notes");
    HttpResponse<String> response =
        post(
            token,
            null,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"whoami\",\"name\":\"create_note\"}}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("-32700")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void batchIsCheckedElementByElementBeforeAnythingRuns() throws Exception {
    String token = as.token(mcpAuth.resourceMetadataUrl(resource), "alice-app", "read:notes");
    HttpResponse<String> response =
        post(
            token,
            null,
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"create_note\"}}]");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("scope=\"read:notes write:notes\"");
  }

  @Test
  void mcpNameHeaderThatDisagreesWithTheBodyIs400() throws Exception {
    String token =
        as.token(mcpAuth.resourceMetadataUrl(resource), "alice-app", "read:notes write:notes");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "whoami")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"create_note\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("-32020");
  }

  @Test
  void metadataIsServedByTheFilterWithoutAToken() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-protected-resource/mcp"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "{\"resource\":\""
                + resource
                + "\",\"authorization_servers\":[\""
                + as.issuer()
                + "\"],\"scopes_supported\":[\"read:notes\",\"write:notes\"],"
                + "\"bearer_methods_supported\":[\"header\"]}");
  }

  @Test
  void j08ForeignOriginIsRefusedByTheSdksRebindingProtectionEvenWithAValidToken() throws Exception {
    String token = as.token(mcpAuth.resourceMetadataUrl(resource), "alice-app", "read:notes");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .header("Origin", "https://evil.test")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(post(token, null, INITIALIZE).statusCode()).isEqualTo(200);
  }

  @Test
  void filterRequiresAGate() {
    assertThatThrownBy(() -> McpAuthFilter.builder(null)).isInstanceOf(NullPointerException.class);
  }
}
