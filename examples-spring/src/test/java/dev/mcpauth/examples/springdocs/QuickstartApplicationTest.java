package dev.mcpauth.examples.springdocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.examples.DevAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * docs/spring.md's application, component and properties, run as shown: whoami answers the caller,
 * create_note needs write:notes.
 */
class QuickstartApplicationTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private String token(DevAuthorizationServer as, String scope, String resource) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(as.tokenEndpoint()))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("app:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&scope="
                            + scope.replace(" ", "+")
                            + "&resource="
                            + resource))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    assertThat(m.find()).as(r.body()).isTrue();
    return m.group(1);
  }

  @Test
  void theDocumentedApplicationServesWhoamiAndStepsUpCreateNote() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String resource = "http://localhost:" + port + "/mcp";
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, resource)) {
      Map<String, Object> p = new LinkedHashMap<>();
      // docs/spring.md's application.properties
      p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
      p.put("mcpauth.resource", resource);
      p.put("mcpauth.authorization-servers[0].issuer", as.issuer());
      p.put("mcpauth.scopes-supported", "read:notes,write:notes");
      p.put("mcpauth.required-scopes", "read:notes");
      // this test's own: loopback, its port, and only the WebMVC stack (this module carries both)
      p.put("server.address", "127.0.0.1");
      p.put("server.port", port);
      p.put("spring.main.banner-mode", "off");
      String flux = "org.springframework.ai.mcp.server.webflux.autoconfigure.";
      p.put(
          "spring.autoconfigure.exclude",
          flux
              + "McpServerStreamableHttpWebFluxAutoConfiguration,"
              + flux
              + "McpServerStatelessWebFluxAutoConfiguration,"
              + flux
              + "McpServerSseWebFluxAutoConfiguration");
      try (ConfigurableApplicationContext app =
          new SpringApplicationBuilder(QuickstartApplication.class).properties(p).run()) {
        String reader = token(as, "read:notes", resource);
        try (McpSyncClient client =
            McpClient.sync(
                    HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
                        .endpoint("/mcp")
                        .addHttpRequestCustomizer(
                            (b, method, uri, body, ctx) ->
                                b.header("Authorization", "Bearer " + reader))
                        .build())
                .build()) {
          client.initialize();
          McpSchema.CallToolResult who =
              client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
          String text = ((McpSchema.TextContent) who.content().get(0)).text();
          assertThat(text)
              .contains("\"subject\":\"app\"", "\"clientId\":\"app\"", "read:notes")
              .contains(as.issuer());
        }
        HttpResponse<String> refused =
            http.send(
                HttpRequest.newBuilder(URI.create(resource))
                    .header("Authorization", "Bearer " + reader)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                                + "\"params\":{\"name\":\"create_note\",\"arguments\":{\"text\":\"t\"}}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
            .contains("scope=\"read:notes write:notes\"");
      }
    }
  }
}
