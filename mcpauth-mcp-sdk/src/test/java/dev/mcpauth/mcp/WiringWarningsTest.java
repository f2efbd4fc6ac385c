package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.mcp.servlet.ProtectedResourceMetadataFilter;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two servlet wiring mistakes that used to fail silently each get one warning naming the fix: a
 * filter mapping that leaves the Protected Resource Metadata URL unserved (the 401 then points at a
 * 404), and a transport built without the context extractor (tools then cannot see the caller).
 */
class WiringWarningsTest {
  private static final String METADATA_FIX =
      "map McpAuthFilter.builder(gate).serveMetadata(mcpAuth) on /*, or add"
          + " ProtectedResourceMetadataFilter on /.well-known/*";
  private static final String EXTRACTOR_FIX =
      ".contextExtractor(McpAuthContextExtractor.contextExtractor())";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void captureLog() {
    original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setErr(original);
  }

  private String log() {
    System.err.flush();
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static McpAuth mcpAuth(String resource, String issuer) {
    return McpAuth.builder()
        .protectedResource(
            ResourceServerConfig.builder(resource)
                .authorizationServer(AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))
                .build())
        .build();
  }

  private static McpGate gate(McpAuth mcpAuth) {
    return mcpAuth.mcpGate(mcpAuth.bearerAuth()).build();
  }

  private int get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static HttpServletStatelessServerTransport transportWithoutExtractor() {
    return HttpServletStatelessServerTransport.builder().messageEndpoint("/mcp").build();
  }

  @Test
  void aFilterOnlyOnTheMcpPathWarnsThatTheMetadataUrlIsUnserved() throws Exception {
    try (LoopbackJetty jetty = new LoopbackJetty();
        TestAuthorizationServer as =
            new TestAuthorizationServer(jetty.base() + "/mcp", List.of("mcp:read"));
        McpAuth mcpAuth = mcpAuth(jetty.base() + "/mcp", as.issuer())) {
      jetty
          .servlet(transportWithoutExtractor(), "/mcp")
          .filter(McpAuthFilter.builder(gate(mcpAuth)).serveMetadata(mcpAuth).build(), "/mcp")
          .start();
      String metadataUrl = jetty.base() + "/.well-known/oauth-protected-resource/mcp";
      assertThat(get(metadataUrl)).as("what the warning is about").isEqualTo(404);
      assertThat(log())
          .contains(
              "MCP Auth challenges point clients at " + metadataUrl,
              "no MCP Auth filter in this servlet context is mapped on"
                  + " /.well-known/oauth-protected-resource/mcp",
              METADATA_FIX);
    }
  }

  @Test
  void aFilterOnEveryPathOrAMetadataFilterNextToItIsNotWarnedAbout() throws Exception {
    try (LoopbackJetty whole = new LoopbackJetty();
        LoopbackJetty split = new LoopbackJetty();
        TestAuthorizationServer as =
            new TestAuthorizationServer(whole.base() + "/mcp", List.of("mcp:read"));
        McpAuth wholeAuth = mcpAuth(whole.base() + "/mcp", as.issuer());
        McpAuth splitAuth = mcpAuth(split.base() + "/mcp", as.issuer())) {
      whole
          .servlet(transportWithoutExtractor(), "/mcp")
          .filter(McpAuthFilter.builder(gate(wholeAuth)).serveMetadata(wholeAuth).build(), "/*")
          .start();
      split
          .servlet(transportWithoutExtractor(), "/mcp")
          .filter(new ProtectedResourceMetadataFilter(splitAuth), "/.well-known/*")
          .filter(McpAuthFilter.builder(gate(splitAuth)).build(), "/mcp")
          .start();
      assertThat(get(whole.base() + "/.well-known/oauth-protected-resource/mcp")).isEqualTo(200);
      assertThat(get(split.base() + "/.well-known/oauth-protected-resource/mcp")).isEqualTo(200);
      assertThat(log()).doesNotContain("MCP Auth challenges point clients at");
    }
  }

  @Test
  void aTransportWithoutTheContextExtractorIsReportedOnceNamingTheCall() throws Exception {
    try (LoopbackJetty jetty = new LoopbackJetty();
        TestAuthorizationServer as =
            new TestAuthorizationServer(jetty.base() + "/mcp", List.of("mcp:read"));
        McpAuth mcpAuth = mcpAuth(jetty.base() + "/mcp", as.issuer())) {
      HttpServletStatelessServerTransport transport = transportWithoutExtractor();
      McpStatelessSyncServer server =
          McpServer.sync(transport)
              .serverInfo("forgetful", "1.0.0")
              .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
              .toolCall(
                  McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(),
                  (context, call) ->
                      McpSchema.CallToolResult.builder()
                          .addTextContent(
                              McpAuthContext.authInfo(context)
                                  .flatMap(i -> i.subject())
                                  .orElse("nobody"))
                          .build())
              .build();
      jetty
          .servlet(transport, "/mcp")
          .filter(McpAuthFilter.builder(gate(mcpAuth)).serveMetadata(mcpAuth).build(), "/*")
          .start();
      String token =
          as.token(mcpAuth.resourceMetadataUrl(jetty.base() + "/mcp"), "svc", "mcp:read");
      try (McpSyncClient client =
          McpClient.sync(
                  HttpClientStreamableHttpTransport.builder(jetty.base())
                      .endpoint("/mcp")
                      .addHttpRequestCustomizer(
                          (b, m, u, body, ctx) -> b.header("Authorization", "Bearer " + token))
                      .build())
              .build()) {
        client.initialize();
        for (int i = 0; i < 2; i++) {
          McpSchema.CallToolResult who =
              client.callTool(
                  McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build());
          assertThat(((McpSchema.TextContent) who.content().get(0)).text())
              .as("the symptom: the tool cannot see the caller")
              .isEqualTo("nobody");
        }
      } finally {
        server.close();
      }
      String log = log();
      assertThat(log.split(Pattern.quote(EXTRACTOR_FIX), -1))
          .as("one warning for the whole run")
          .hasSize(2);
      assertThat(log)
          .contains("the MCP transport did not call McpAuthContextExtractor")
          .doesNotContain(token);
    }
  }
}
