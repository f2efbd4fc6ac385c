package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP conformance scenario {@code sep-2350-server-scope-challenge} (draft, not published yet),
 * expressed with the gate's API: two fixed opaque tokens, per-operation scopes (one of them from a
 * resource template's variable), one challenge naming every scope an operation needs, and the full
 * token passing. The fixture server of the conformance issue uses the same declarations.
 */
class Sep2350ScopeChallengeTest {
  private static final String LOW = "mcp-conformance-scope-low";
  private static final String FULL = "mcp-conformance-scope-full";
  private static final String BASELINE = "mcp:conformance:baseline";
  private static final String RESOURCE = "http://localhost:3000/mcp";
  private static final List<String> ALL =
      List.of(
          BASELINE,
          "mcp:conformance:tools:call",
          "mcp:conformance:tools:test_simple_text",
          "mcp:conformance:resources:read",
          "mcp:conformance:resources:static",
          "mcp:conformance:resources:template:123",
          "mcp:conformance:prompts:get",
          "mcp:conformance:prompts:test_simple_prompt");

  private final McpAuth mcpAuth =
      McpAuth.builder()
          .protectedResource(
              ResourceServerConfig.builder(RESOURCE)
                  .authorizationServer(
                      AuthServerConfig.resolved(
                          AuthServerConfig.Type.OAUTH,
                          AuthServerMetadata.builder("http://localhost:3001")
                              .authorizationEndpoint("http://localhost:3001/authorize")
                              .tokenEndpoint("http://localhost:3001/token")
                              .responseTypesSupported("code")
                              .codeChallengeMethodsSupported("S256")
                              .jwksUri("http://localhost:3001/jwks")
                              .build()))
                  .tokenVerifier(Sep2350ScopeChallengeTest::fixtureToken)
                  .build())
          .build();

  /** The scenario's fixture tokens: low holds the baseline only, full every scope. */
  private static TokenVerifier.Result fixtureToken(String token) {
    if (!token.equals(LOW) && !token.equals(FULL)) {
      return TokenVerifier.Result.rejected(DenialReason.REJECTED, "not a fixture token");
    }
    return TokenVerifier.Result.verified(
        AuthInfo.builder(token, "http://localhost:3001")
            .subject("conformance")
            .audiences(List.of(RESOURCE))
            .scopes(token.equals(LOW) ? List.of(BASELINE) : ALL)
            .expiresAt(Instant.now().plus(Duration.ofHours(1)))
            .build());
  }

  private final McpGate gate =
      mcpAuth
          .mcpGate(mcpAuth.bearerAuth(BASELINE))
          .tool(
              "test_simple_text",
              "mcp:conformance:tools:call",
              "mcp:conformance:tools:test_simple_text")
          .resource(
              "test://static-text",
              "mcp:conformance:resources:read",
              "mcp:conformance:resources:static")
          .resourceTemplate(
              "test://template/{id}/data",
              "mcp:conformance:resources:read",
              "mcp:conformance:resources:template:{id}")
          .prompt(
              "test_simple_prompt",
              "mcp:conformance:prompts:get",
              "mcp:conformance:prompts:test_simple_prompt")
          .build();

  @AfterEach
  void close() {
    mcpAuth.close();
  }

  private McpGate.Decision post(String token, String method, String params) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    return gate.check(
        RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)))
            .withRequestLine("POST", "/mcp"),
        limit -> body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachOperationChallengesTheLowTokenOnceForBothOfItsScopesAndPassesTheFullOne() {
    Map<String, List<String>> operations =
        Map.of(
            "tools/call|{\"name\":\"test_simple_text\",\"arguments\":{}}",
            List.of("mcp:conformance:tools:call", "mcp:conformance:tools:test_simple_text"),
            "resources/read|{\"uri\":\"test://static-text\"}",
            List.of("mcp:conformance:resources:read", "mcp:conformance:resources:static"),
            "resources/read|{\"uri\":\"test://template/123/data\"}",
            List.of("mcp:conformance:resources:read", "mcp:conformance:resources:template:123"),
            "prompts/get|{\"name\":\"test_simple_prompt\"}",
            List.of("mcp:conformance:prompts:get", "mcp:conformance:prompts:test_simple_prompt"));
    operations.forEach(
        (operation, scopes) -> {
          String[] parts = operation.split("\\|", 2);
          McpGate.Decision low = post(LOW, parts[0], parts[1]);
          assertThat(low).as(operation).isInstanceOf(McpGate.Decision.Respond.class);
          McpGate.Decision.Respond r = (McpGate.Decision.Respond) low;
          assertThat(r.status()).isEqualTo(403);
          String challenge = r.headers().get("WWW-Authenticate");
          assertThat(challenge).startsWith("Bearer ").contains("error=\"insufficient_scope\"");
          Matcher scope = Pattern.compile("scope=\"([^\"]*)\"").matcher(challenge);
          assertThat(scope.find()).isTrue();
          assertThat(List.of(scope.group(1).split(" "))).containsAll(scopes);
          assertThat(challenge)
              .contains(
                  "resource_metadata=\"http://localhost:3000/.well-known/oauth-protected-resource/mcp\"");
          assertThat(post(FULL, parts[0], parts[1]))
              .as(operation)
              .isInstanceOf(McpGate.Decision.Forward.class);
        });
  }

  @Test
  void anotherTemplateIdNeedsItsOwnScopeEvenWithTheFullToken() {
    McpGate.Decision d = post(FULL, "resources/read", "{\"uri\":\"test://template/124/data\"}");
    assertThat(d).isInstanceOf(McpGate.Decision.Respond.class);
    assertThat(((McpGate.Decision.Respond) d).headers().get("WWW-Authenticate"))
        .contains("mcp:conformance:resources:template:124");
  }
}
