package dev.mcpauth.spring.scoped;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Per-resource and per-prompt scopes on both stacks, declared with {@code @RequiredScopes} next to
 * {@code @McpResource} / {@code @McpPrompt} and with {@code mcpauth.prompt-scopes}: a {@code
 * resources/read} or {@code prompts/get} lacking them is refused with 403 {@code
 * insufficient_scope} naming every scope it needs, and the real MCP Java SDK client steps up.
 */
class ScopedResourcesAndPromptsTest {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void resourcesAndPromptsNeedTheirScopesAndTheClientStepsUp(String stack) {
    int port = NotesApp.freePort();
    String base = "http://127.0.0.1:" + port;
    String prm = base + "/.well-known/oauth-protected-resource/mcp";
    try (TestAuthorizationServer as =
        new TestAuthorizationServer(
            base + "/mcp",
            List.of(
                "read:notes",
                "read:notes read:archive",
                "read:notes summarize",
                "read:notes write:notes"))) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("spring.ai.mcp.server.name", "notes");
      p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
      p.put("mcpauth.resource", base + "/mcp");
      p.put("mcpauth.authorization-servers[0].issuer", as.issuer());
      p.put("mcpauth.required-scopes", "read:notes");
      p.put("mcpauth.prompt-scopes.draft_note", "write:notes");
      try (ConfigurableApplicationContext app =
              NotesApp.start(stack, port, p, false, ScopedFeatures.class);
          StepUpClient client = new StepUpClient(base, as)) {
        client.mcp.initialize();

        McpSchema.ReadResourceResult note =
            client.mcp.readResource(new McpSchema.ReadResourceRequest("notes://7"));
        assertThat(((McpSchema.TextResourceContents) note.contents().get(0)).text())
            .isEqualTo("note 7");
        assertThat(client.challenges.get(1))
            .isEqualTo(
                "403 Bearer error=\"insufficient_scope\", scope=\"read:notes read:archive\","
                    + " resource_metadata=\""
                    + prm
                    + "\"");

        assertThat(
                text(
                    client.mcp.getPrompt(
                        new McpSchema.GetPromptRequest("summarize_notes", Map.of()))))
            .isEqualTo("Summarize the notes.");
        assertThat(client.challenges.get(2)).contains("scope=\"read:notes summarize\"");

        assertThat(
                text(client.mcp.getPrompt(new McpSchema.GetPromptRequest("draft_note", Map.of()))))
            .isEqualTo("Draft a note.");
        assertThat(client.challenges.get(3)).contains("scope=\"read:notes write:notes\"");
        assertThat(client.challenges).hasSize(4);
      }
    }
  }

  private static String text(McpSchema.GetPromptResult result) {
    return ((McpSchema.TextContent) result.messages().get(0).content()).text();
  }

  /** The MCP Java SDK client, getting a token for exactly the scopes each challenge names. */
  private static final class StepUpClient implements AutoCloseable {
    final List<String> challenges = new ArrayList<>();
    final McpSyncClient mcp;

    StepUpClient(String base, TestAuthorizationServer as) {
      AtomicReference<String> token = new AtomicReference<>();
      mcp =
          McpClient.sync(
                  HttpClientStreamableHttpTransport.builder(base)
                      .endpoint("/mcp")
                      .addHttpRequestCustomizer(
                          (b, method, uri, body, ctx) -> {
                            if (token.get() != null) {
                              b.header("Authorization", "Bearer " + token.get());
                            }
                          })
                      .authorizationErrorHandler(
                          McpHttpClientTransportAuthorizationErrorHandler.fromSync(
                              (request, response, context) -> {
                                String challenge =
                                    response.headers().firstValue("WWW-Authenticate").orElse("");
                                challenges.add(response.statusCode() + " " + challenge);
                                Map<String, String> params = new LinkedHashMap<>();
                                Matcher m = PARAM.matcher(challenge);
                                while (m.find()) {
                                  params.put(m.group(1), m.group(2));
                                }
                                if (!params.containsKey("scope")) {
                                  return false;
                                }
                                token.set(
                                    as.token(
                                        params.get("resource_metadata"),
                                        "notes-app",
                                        params.get("scope")));
                                return true;
                              }))
                      .build())
              .build();
    }

    @Override
    public void close() {
      mcp.close();
    }
  }
}
