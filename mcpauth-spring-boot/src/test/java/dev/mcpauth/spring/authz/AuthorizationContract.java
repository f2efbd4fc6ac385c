package dev.mcpauth.spring.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Authorization beyond static scopes on one Spring stack, over real HTTP (streamable transport,
 * with sessions, so tool answers are SSE streams): {@code @RequiredScopes} placeholders and
 * per-request beans, a gate callback from {@code McpAuthCustomizer},
 * {@code @RequiredAuthentication}, {@code @RequiredClaim}, the client and audience properties, and
 * a step-up asked for in the middle of a call, before and after the response started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthorizationContract {
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private FakeAuthorizationServer as;
  private ConfigurableApplicationContext app;
  private String base;
  private String resource;

  /** "webmvc" or "webflux". */
  abstract String stack();

  @BeforeAll
  void startApp() {
    as = new FakeAuthorizationServer();
    int port = NotesApp.freePort();
    base = "http://127.0.0.1:" + port;
    resource = base + "/mcp";
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
    p.put("spring.ai.mcp.server.name", "notes");
    p.put("mcpauth.resource", resource);
    p.put("mcpauth.authorization-servers[0].issuer", as.issuer());
    p.put("mcpauth.required-scopes", "read:notes");
    p.put("mcpauth.allowed-clients", "client-1");
    p.put("mcpauth.allowed-client-hosts", "apps.example");
    p.put("mcpauth.require-single-audience", "true");
    app = NotesApp.start(stack(), port, p, false, AuthorizationFeatures.class);
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      app.close();
    }
    if (as != null) {
      as.close();
    }
  }

  private Tokens.Builder token(String scope) {
    return Tokens.valid(as.issuer(), resource).claim("scope", scope);
  }

  private String challenge(HttpResponse<String> r) {
    return r.headers().firstValue("WWW-Authenticate").orElse("");
  }

  private String metadata() {
    return "resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp\"";
  }

  @Test
  void aToolScopePlaceholderIsTheCallsArgument() throws Exception {
    HttpResponse<String> refused =
        callTool(token("read:notes").build(), "open_project", "{\"project\":\"apollo\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(challenge(refused))
        .isEqualTo(
            "Bearer error=\"insufficient_scope\", scope=\"read:notes projects:apollo\", "
                + metadata());
    HttpResponse<String> ok =
        callTool(
            token("read:notes projects:apollo").build(),
            "open_project",
            "{\"project\":\"apollo\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("opened apollo");
    HttpResponse<String> other =
        callTool(
            token("read:notes projects:apollo").build(), "open_project", "{\"project\":\"zeus\"}");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(challenge(other)).contains("scope=\"read:notes projects:zeus\"");
    HttpResponse<String> unusable =
        callTool(
            token("read:notes projects:apollo").build(), "open_project", "{\"project\":\"a b\"}");
    assertThat(unusable.statusCode()).isEqualTo(400);
    assertThat(unusable.body()).doesNotContain("opened");
  }

  @Test
  void aResourceTemplateScopePlaceholderIsTheTemplateVariable() throws Exception {
    HttpResponse<String> refused =
        call(token("read:notes").build(), "resources/read", "{\"uri\":\"docs://7\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(challenge(refused)).contains("scope=\"read:notes docs:7\"");
    HttpResponse<String> ok =
        call(token("read:notes docs:7").build(), "resources/read", "{\"uri\":\"docs://7\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("doc 7");
  }

  @Test
  void aPromptScopePlaceholderIsThePromptArgument() throws Exception {
    String get = "{\"name\":\"brief\",\"arguments\":{\"topic\":\"space\"}}";
    HttpResponse<String> refused = call(token("read:notes").build(), "prompts/get", get);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(challenge(refused)).contains("scope=\"read:notes topics:space\"");
    HttpResponse<String> ok = call(token("read:notes topics:space").build(), "prompts/get", get);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("Brief on space");
  }

  @Test
  void aPerRequestScopeBeanDecidesFromTheArgumentsBeforeTheToolRuns() throws Exception {
    String read = token("read:notes").build();
    HttpResponse<String> open = callTool(read, "read_secret", "{\"id\":1}");
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.body()).contains("record 1");
    for (String id : List.of("2", "2.0", "\"2\"")) {
      HttpResponse<String> secret = callTool(read, "read_secret", "{\"id\":" + id + "}");
      assertThat(secret.statusCode()).as(id).isEqualTo(403);
      assertThat(challenge(secret))
          .isEqualTo(
              "Bearer error=\"insufficient_scope\", scope=\"read:notes read:secrets\", "
                  + metadata());
      assertThat(secret.body()).doesNotContain("record");
    }
    HttpResponse<String> granted =
        callTool(token("read:notes read:secrets").build(), "read_secret", "{\"id\":2}");
    assertThat(granted.statusCode()).isEqualTo(200);
    assertThat(granted.body()).contains("record 2");
  }

  @Test
  void aCallbackRegisteredByACustomizerDecidesPerRequest() throws Exception {
    String read = token("read:notes").build();
    assertThat(callTool(read, "report", "{\"year\":2024}").body()).contains("report 2024");
    HttpResponse<String> old = callTool(read, "report", "{\"year\":2010}");
    assertThat(old.statusCode()).isEqualTo(403);
    assertThat(challenge(old)).contains("scope=\"read:notes read:archive\"");
  }

  @Test
  void requiredAuthenticationIsAnRfc9470Challenge() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<String> plain = callTool(token("read:notes").build(), "purge", "{}");
    assertThat(plain.statusCode()).isEqualTo(401);
    assertThat(challenge(plain))
        .contains(
            "error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"", "max_age=\"300\"");
    HttpResponse<String> stale =
        callTool(
            token("read:notes").claim("acr", "mfa").claim("auth_time", now - 1000).build(),
            "purge",
            "{}");
    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(stale.body()).doesNotContain("purged");
    HttpResponse<String> fresh =
        callTool(
            token("read:notes").claim("acr", "mfa").claim("auth_time", now - 10).build(),
            "purge",
            "{}");
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.body()).contains("purged");
  }

  @Test
  void requiredClaimRefusesWithoutNamingAScope() throws Exception {
    HttpResponse<String> refused =
        callTool(token("read:notes").claim("roles", List.of("reader")).build(), "audit", "{}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(challenge(refused)).startsWith("Bearer ").doesNotContain("scope=");
    assertThat(refused.body()).doesNotContain("audited");
    HttpResponse<String> admin =
        callTool(
            token("read:notes").claim("roles", List.of("reader", "notes-admin")).build(),
            "audit",
            "{}");
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body()).contains("audited");
  }

  @Test
  void aStepUpAskedForMidCallBeforeTheResponseStartedIsThe403Challenge() throws Exception {
    HttpResponse<String> refused = callTool(token("read:notes").build(), "export", "{}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(challenge(refused))
        .isEqualTo(
            "Bearer error=\"insufficient_scope\", scope=\"read:notes read:secrets\", "
                + metadata());
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .doesNotContain("event-stream");
    assertThat(refused.body()).doesNotContain("exported").doesNotContain("Exception");
    HttpResponse<String> granted =
        callTool(token("read:notes read:secrets").build(), "export", "{}");
    assertThat(granted.statusCode()).isEqualTo(200);
    assertThat(granted.body()).contains("exported");
  }

  @Test
  void aStepUpAskedForAfterTheStreamStartedIsAJsonRpcErrorCarryingTheChallenge() throws Exception {
    HttpResponse<String> streamed = callTool(token("read:notes").build(), "export_streaming", "{}");
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body())
        .contains("starting", "\"code\":-32003", "\"error\":\"insufficient_scope\"")
        .contains("\"scope\":\"read:notes read:secrets\"")
        .doesNotContain("exported");
    HttpResponse<String> granted =
        callTool(token("read:notes read:secrets").build(), "export_streaming", "{}");
    assertThat(granted.body()).contains("exported").doesNotContain("-32003");
  }

  @Test
  void aTokenOfAClientNotAllowedIsInvalid() throws Exception {
    HttpResponse<String> other =
        post(token("read:notes").claim("client_id", "client-2").build(), INITIALIZE, null);
    assertThat(other.statusCode()).isEqualTo(401);
    assertThat(challenge(other)).contains("error=\"invalid_token\"");
    HttpResponse<String> byHost =
        post(
            token("read:notes").claim("client_id", "https://apps.example/client.json").build(),
            INITIALIZE,
            null);
    assertThat(byHost.statusCode()).isEqualTo(200);
    HttpResponse<String> allowed = post(token("read:notes").build(), INITIALIZE, null);
    assertThat(allowed.statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenWithSeveralAudiencesIsInvalid() throws Exception {
    HttpResponse<String> two =
        post(
            token("read:notes").claim("aud", List.of(resource, "https://other.example")).build(),
            INITIALIZE,
            null);
    assertThat(two.statusCode()).isEqualTo(401);
    assertThat(challenge(two)).contains("error=\"invalid_token\"");
  }

  /** A tools/call in a fresh session of {@code token}'s caller. */
  private HttpResponse<String> callTool(String token, String tool, String arguments)
      throws Exception {
    return call(token, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
  }

  /** One JSON-RPC request in a fresh session of {@code token}'s caller. */
  private HttpResponse<String> call(String token, String method, String params) throws Exception {
    HttpResponse<String> init = post(token, INITIALIZE, null);
    assertThat(init.statusCode()).as("initialize").isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized =
        post(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
    assertThat(initialized.statusCode()).isEqualTo(202);
    return post(
        token,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"" + method + "\",\"params\":" + params + "}",
        session);
  }

  private HttpResponse<String> post(String token, String body, String session) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(resource))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("Mcp-Protocol-Version", "2025-06-18");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
