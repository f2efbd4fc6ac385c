package dev.mcpauth.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.examples.DevAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spring demo's command line, and the demo itself on both stacks with its embedded
 * authorization server. One demo per stack serves the class's tests (they only read from it).
 */
class SpringDemoTest {
  private static final Map<String, SpringDemo> DEMOS = new HashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** The demo on {@code stack}, started on a free port by the first test that asks for it. */
  private static synchronized SpringDemo demo(String stack) throws Exception {
    SpringDemo demo = DEMOS.get(stack);
    if (demo == null) {
      demo =
          SpringDemo.start(
              SpringDemoOptions.parse(
                  List.of("--port", String.valueOf(freePort()), "--stack", stack)));
      DEMOS.put(stack, demo);
    }
    return demo;
  }

  @AfterAll
  static void stopDemos() {
    DEMOS.values().forEach(SpringDemo::close);
    DEMOS.clear();
  }

  @Test
  void parsesTheMainDemosOptionsPlusStack() {
    SpringDemoOptions options =
        SpringDemoOptions.parse(
            List.of(
                "--port",
                "4000",
                "--issuer",
                "https://as.example",
                "--type",
                "oauth",
                "--stack",
                "webflux"));
    assertThat(options.port()).isEqualTo(4000);
    assertThat(options.issuer()).hasValue("https://as.example");
    assertThat(options.type()).isEqualTo("oauth");
    assertThat(options.stack()).isEqualTo("webflux");
    assertThat(options.resourceOrDefault()).isEqualTo("http://localhost:4000/mcp");
    assertThat(SpringDemoOptions.parse(List.of()).stack()).isEqualTo("webmvc");
    SpringDemoOptions exchange =
        SpringDemoOptions.parse(
            List.of("--issuer", "https://as.example", "--exchange-client", "mcp-x:s3cret"));
    assertThat(exchange.exchangeClient()).contains("mcp-x:s3cret");
    assertThat(exchange.toString()).contains("mcp-x:***").doesNotContain("s3cret");
    assertThatThrownBy(() -> SpringDemoOptions.parse(List.of("--exchange-client", "nocolon")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpringDemoOptions.parse(List.of("--stack", "netty")))
        .hasMessageContaining("--stack must be one of webmvc, webflux");
    assertThatThrownBy(() -> SpringDemoOptions.parse(List.of("--port")))
        .hasMessageContaining("--port needs a value");
    assertThat(options.store()).isEmpty();
    assertThat(SpringDemoOptions.parse(List.of("--store", "memory")).store()).isEmpty();
    assertThat(SpringDemoOptions.parse(List.of("--store", "redis://127.0.0.1:6379")).store())
        .hasValue("redis://127.0.0.1:6379");
    assertThat(options.asPort()).isZero();
    assertThat(SpringDemoOptions.parse(List.of("--as-port", "9000")).asPort()).isEqualTo(9000);
    assertThatThrownBy(
            () ->
                SpringDemoOptions.parse(
                    List.of("--issuer", "https://as.example", "--as-port", "9")))
        .hasMessage(
            "--as-port is the port of the embedded authorization server; with --issuer there is none");
    assertThatThrownBy(() -> SpringDemoOptions.parse(List.of("--as-port", "x")))
        .hasMessage("--as-port must be a number between 0 and 65535: x");
    assertThatThrownBy(
            () -> SpringDemoOptions.parse(List.of("--store", "http://user:pw@127.0.0.1:6379")))
        .hasMessageContaining("--store must be memory or a redis:// or rediss:// URI")
        .hasMessageNotContaining("pw");
    assertThat(options.allowedClients()).isEmpty();
    assertThat(
            SpringDemoOptions.parse(
                    List.of("--allowed-client", "a", "--allowed-client", "https://x.example/c"))
                .allowedClients())
        .containsExactly("a", "https://x.example/c");
    assertThatThrownBy(() -> SpringDemoOptions.parse(List.of("--allowed-client")))
        .hasMessageContaining("--allowed-client needs a value");
    assertThat(SpringDemoOptions.USAGE).contains("--allowed-client ID");
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void readNoteReadsTheNoteNumberAsTheGateDoes(String stack) throws Exception {
    SpringDemo demo = demo(stack);
    String base = "http://localhost:" + demo.port();
    String reader =
        token(demo.devServer().orElseThrow().tokenEndpoint(), "read:notes", base + "/mcp");
    try (McpSyncClient client = client(base, reader)) {
      client.initialize();
      assertThat(readNote(client, 1)).isEqualTo("Welcome to MCP Auth for Java.");
      // what the gate does not read as note 2 is not note 2 for the tool either
      for (Object id : List.of("2.0", " 2", 2.5, "abc", 99, List.of(2))) {
        McpSchema.CallToolResult result =
            client.callTool(
                McpSchema.CallToolRequest.builder("read_note").arguments(Map.of("id", id)).build());
        assertThat(result.isError()).as(String.valueOf(id)).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
            .as(String.valueOf(id))
            .isEqualTo("no such note");
      }
    }
  }

  private static String readNote(McpSyncClient client, Object id) {
    McpSchema.CallToolResult result =
        client.callTool(
            McpSchema.CallToolRequest.builder("read_note").arguments(Map.of("id", id)).build());
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void protectsNotesAndServesMetadata(String stack) throws Exception {
    SpringDemo demo = demo(stack);
    String base = "http://localhost:" + demo.port();
    HttpResponse<String> refused = get(base + "/notes", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer resource_metadata=\""
                + base
                + "/.well-known/oauth-protected-resource/mcp\", scope=\"read:notes\"");
    assertThat(get(base + "/.well-known/oauth-protected-resource/mcp", null).body())
        .contains("\"resource\":\"" + base + "/mcp\"");
    Matcher tokenEndpoint =
        Pattern.compile("(http://localhost:\\d+/dev/token)").matcher(demo.banner());
    assertThat(tokenEndpoint.find()).isTrue();
    HttpResponse<String> token =
        http.send(
            HttpRequest.newBuilder(URI.create(tokenEndpoint.group(1)))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("demo-client:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&scope=read:notes&resource=" + base + "/mcp"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher accessToken =
        Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
    assertThat(accessToken.find()).isTrue();
    HttpResponse<String> notes = get(base + "/notes", accessToken.group(1));
    assertThat(notes.statusCode()).isEqualTo(200);
    assertThat(notes.body()).isEqualTo("{\"notes\":[\"Welcome to MCP Auth for Java.\"]}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void theNoteResourceNeedsReadNotesAndTheDraftPromptWriteNotes(String stack) throws Exception {
    SpringDemo demo = demo(stack);
    String base = "http://localhost:" + demo.port();
    String tokenEndpoint = demo.devServer().orElseThrow().tokenEndpoint();
    String reader = token(tokenEndpoint, "read:notes", base + "/mcp");
    try (McpSyncClient client = client(base, reader)) {
      client.initialize();
      assertThat(client.listResourceTemplates().resourceTemplates())
          .extracting(McpSchema.ResourceTemplate::uriTemplate)
          .containsExactly("notes://{id}");
      assertThat(client.listPrompts().prompts())
          .extracting(McpSchema.Prompt::name)
          .containsExactly("draft_note");
      McpSchema.ReadResourceResult note =
          client.readResource(new McpSchema.ReadResourceRequest("notes://1"));
      assertThat(((McpSchema.TextResourceContents) note.contents().get(0)).text())
          .isEqualTo("Welcome to MCP Auth for Java.");
    }
    // prompts/get of draft_note with read:notes only: refused at HTTP, naming every scope needed.
    HttpResponse<String> refused =
        mcp(
            base,
            reader,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\","
                + "\"params\":{\"name\":\"draft_note\",\"arguments\":{\"topic\":\"t\"}}}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"read:notes write:notes\"");
    String writer = token(tokenEndpoint, "read:notes write:notes", base + "/mcp");
    try (McpSyncClient client = client(base, writer)) {
      client.initialize();
      McpSchema.GetPromptResult prompt =
          client.getPrompt(new McpSchema.GetPromptRequest("draft_note", Map.of("topic", "tea")));
      assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text())
          .isEqualTo("Write a short note about tea, then save it with create_note.");
    }
    // resources/read without read:notes: refused at HTTP with the scope to ask for.
    HttpResponse<String> unread =
        mcp(
            base,
            token(tokenEndpoint, "write:notes", base + "/mcp"),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
                + "\"params\":{\"uri\":\"notes://1\"}}");
    assertThat(unread.statusCode()).isEqualTo(403);
    assertThat(unread.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("scope=\"read:notes\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void whoamiDownstreamCallsTheDownstreamApiWithAnExchangedToken(String stack) throws Exception {
    SpringDemo demo = demo(stack);
    String base = "http://localhost:" + demo.port();
    String tokenEndpoint = demo.devServer().orElseThrow().tokenEndpoint();
    String reader = token(tokenEndpoint, "read:notes", base + "/mcp");
    try (McpSyncClient client = client(base, reader)) {
      client.initialize();
      McpSchema.CallToolResult result =
          client.callTool(new McpSchema.CallToolRequest("whoami_downstream", Map.of()));
      String seen = ((McpSchema.TextContent) result.content().get(0)).text();
      System.out.println("whoami_downstream on Spring " + stack + ": " + seen);
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(seen)
          .isEqualTo(
              "{\"sub\":\"demo-client\",\"aud\":[\""
                  + base
                  + "/downstream\"],\"act\":{\"sub\":\"notes-mcp-server\"}}");
    }
    // the MCP endpoint's token sent directly: refused for its audience
    HttpResponse<String> direct = get(base + "/downstream/whoami", reader);
    assertThat(direct.statusCode()).isEqualTo(401);
    assertThat(direct.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"")
        .contains(
            "resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/downstream\"");
    assertThat(get(base + "/downstream/whoami", null).statusCode()).isEqualTo(401);
    HttpResponse<String> metadata =
        get(base + "/.well-known/oauth-protected-resource/downstream", null);
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body()).contains("\"resource\":\"" + base + "/downstream\"");
  }

  @org.junit.jupiter.api.Test
  void withAnExternalIssuerWhoamiDownstreamExchangesAsTheGivenClient() throws Exception {
    try (DevAuthorizationServer external =
        DevAuthorizationServer.start(0, "http://localhost:1/unused")) {
      int port = freePort();
      try (SpringDemo demo =
          SpringDemo.start(
              SpringDemoOptions.parse(
                  List.of(
                      "--port",
                      String.valueOf(port),
                      "--issuer",
                      external.issuer(),
                      "--exchange-client",
                      "mcp-x:s3cret")))) {
        String base = "http://localhost:" + port;
        String token = token(external.tokenEndpoint(), "read:notes", base + "/mcp");
        try (McpSyncClient client = client(base, token)) {
          client.initialize();
          McpSchema.CallToolResult result =
              client.callTool(new McpSchema.CallToolRequest("whoami_downstream", Map.of()));
          assertThat(((McpSchema.TextContent) result.content().get(0)).text())
              .isEqualTo(
                  "{\"sub\":\"demo-client\",\"aud\":[\""
                      + base
                      + "/downstream\"],\"act\":{\"sub\":\"mcp-x\"}}");
        }
      }
    }
  }

  private HttpResponse<String> mcp(String base, String token, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/mcp"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static McpSyncClient client(String base, String token) {
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .addHttpRequestCustomizer(
                    (b, method, uri, body, ctx) -> b.header("Authorization", "Bearer " + token))
                .build())
        .build();
  }

  private String token(String tokenEndpoint, String scope, String resource) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("demo-client:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&scope="
                            + scope.replace(" ", "+")
                            + "&resource="
                            + resource))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher accessToken =
        Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
    assertThat(accessToken.find()).isTrue();
    return accessToken.group(1);
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
