package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What every stack must do, driven over HTTP against a real Spring Boot application on loopback
 * with a real authorization server (mock-oauth2-server) and the real MCP Java SDK client. One
 * application per class: no test depends on another's state (each client, session and token is its
 * own; counters are compared before and after).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StackContract {
  protected static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  protected final HttpClient http = HttpClient.newHttpClient();
  protected TestAuthorizationServer as;
  protected ConfigurableApplicationContext app;
  protected String base;
  protected String resource;

  /** "webmvc" or "webflux". */
  abstract String stack();

  /** Spring AI's server protocol: STREAMABLE or STATELESS. */
  String protocol() {
    return "STREAMABLE";
  }

  /** Extra properties of a subclass. */
  Map<String, Object> moreProperties() {
    return Map.of();
  }

  @BeforeAll
  void startApp() {
    int port = NotesApp.freePort();
    base = "http://127.0.0.1:" + port;
    resource = base + "/mcp";
    as = new TestAuthorizationServer(resource, List.of("read:notes", "read:notes write:notes"));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.ai.mcp.server.protocol", protocol());
    p.put("spring.ai.mcp.server.name", "notes");
    p.put("mcpauth.resource", resource);
    p.put("mcpauth.authorization-servers[0].issuer", as.issuer());
    p.put("mcpauth.scopes-supported", "read:notes,write:notes");
    p.put("mcpauth.required-scopes", "read:notes");
    p.put("mcpauth.hide-tools", "true");
    p.put("mcpauth.protected-paths[0].pattern", "/notes");
    p.put("mcpauth.protected-paths[0].scopes", "read:notes");
    p.put("management.endpoint.health.show-components", "always");
    p.put("management.endpoint.health.show-details", "always");
    p.putAll(moreProperties());
    app = NotesApp.start(stack(), port, p);
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

  /** A counter's count now, 0 before its first increment (the registry has no meter yet). */
  private static double count(MeterRegistry meters, String name, String... tags) {
    Counter counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  protected HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  protected HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  protected String metadataUrl() {
    return base + "/.well-known/oauth-protected-resource/mcp";
  }

  @Test
  void withoutATokenTheMcpEndpointChallengesWithTheMetadataUrl() throws Exception {
    HttpResponse<String> response = post("/mcp", null, INITIALIZE);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer resource_metadata=\"" + metadataUrl() + "\", scope=\"read:notes\"");
  }

  @Test
  void servesTheProtectedResourceMetadata() {
    JsonObject prm = as.getJson(metadataUrl());
    assertThat(prm.get("resource").getAsString()).isEqualTo(resource);
    assertThat(prm.getAsJsonArray("authorization_servers").get(0).getAsString())
        .isEqualTo(as.issuer());
    assertThat(prm.getAsJsonArray("scopes_supported").toString())
        .isEqualTo("[\"read:notes\",\"write:notes\"]");
  }

  @Test
  void theClientDiscoversGetsATokenAndToolsSeeTheCaller() {
    List<String> challenges = new ArrayList<>();
    try (McpSyncClient client = McpClients.client(base, as, "notes-app", challenges)) {
      client.initialize();
      assertThat(challenges)
          .containsExactly(
              "401 Bearer resource_metadata=\"" + metadataUrl() + "\", scope=\"read:notes\"");
      assertThat(McpClients.call(client, "whoami", Map.of()))
          .isEqualTo("sub=notes-app scopes=read:notes");
      assertThat(McpClients.call(client, "spec_whoami", Map.of())).isEqualTo("spec sub=notes-app");
      assertVisibleTools(client, List.of("whoami", "spec_whoami"));
      client.closeGracefully(); // its last requests (DELETE of the session) reach the app now
    }
  }

  /** Hiding needs a server customizer, which Spring AI offers for stateful servers only. */
  void assertVisibleTools(McpSyncClient client, List<String> expected) {
    assertThat(client.listTools().tools())
        .extracting(McpSchema.Tool::name)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aToolNeedingMoreScopesIs403NamingEveryScopeAndTheClientStepsUp() {
    List<String> challenges = new ArrayList<>();
    try (McpSyncClient client = McpClients.client(base, as, "notes-app", challenges)) {
      client.initialize();
      assertThat(McpClients.call(client, "create_note", Map.of("text", "hello")))
          .isEqualTo("created hello");
      assertThat(challenges).hasSize(2);
      assertThat(challenges.get(1))
          .isEqualTo(
              "403 Bearer error=\"insufficient_scope\", "
                  + "scope=\"read:notes write:notes\", resource_metadata=\""
                  + metadataUrl()
                  + "\"");
      assertVisibleTools(client, List.of("whoami", "spec_whoami", "create_note"));
      client.closeGracefully(); // its last requests (DELETE of the session) reach the app now
    }
  }

  @Test
  void aNamedRestRouteNeedsAToken() throws Exception {
    HttpResponse<String> refused = get("/notes", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("resource_metadata=\"" + metadataUrl());
    String token = as.token(metadataUrl(), "rest-client", "read:notes");
    HttpResponse<String> ok = get("/notes", token);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("first");
  }

  @Test
  void refusalsAreCountedByReasonAndResourceAndHealthShowsTheAuthorizationServer()
      throws Exception {
    MeterRegistry meters = app.getBean(MeterRegistry.class);
    double missingHere =
        count(meters, "mcpauth.refusals", "reason", "missing_credentials", "resource", resource);
    double malformed = count(meters, "mcpauth.refusals", "reason", "malformed_token");
    double authorized = count(meters, "mcpauth.authorized", "resource", resource);
    assertThat(post("/mcp", null, INITIALIZE).statusCode()).isEqualTo(401);
    assertThat(get("/notes", "not-a-jwt").statusCode()).isEqualTo(401);
    // each refusal is counted once, under its reason and resource (the app is shared by the
    // class's tests, so the counts are compared with those before)
    assertThat(
            count(
                meters, "mcpauth.refusals", "reason", "missing_credentials", "resource", resource))
        .isEqualTo(missingHere + 1.0);
    assertThat(count(meters, "mcpauth.refusals", "reason", "malformed_token"))
        .isEqualTo(malformed + 1.0);
    assertThat(get("/notes", as.token(metadataUrl(), "metrics-app", "read:notes")).statusCode())
        .isEqualTo(200);
    assertThat(count(meters, "mcpauth.authorized", "resource", resource))
        .isEqualTo(authorized + 1.0);
    assertThat(
            meters
                .get("mcpauth.fetches")
                .tag("source", as.issuer())
                .tag("outcome", "success")
                .counter()
                .count())
        .isPositive();
    HttpResponse<String> health = get("/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    JsonObject mcpAuth =
        JsonParser.parseString(health.body())
            .getAsJsonObject()
            .getAsJsonObject("components")
            .getAsJsonObject("mcpAuth");
    assertThat(mcpAuth.get("status").getAsString()).isEqualTo("UP");
    assertThat(mcpAuth.getAsJsonObject("details").get(as.issuer()).getAsString())
        .isEqualTo("reachable");
  }

  @Test
  void aSessionBelongsToTheCallerWhoStartedIt() throws Exception {
    assumeTrue(protocol().equals("STREAMABLE"), "stateless servers have no sessions");
    String alice = as.token(metadataUrl(), "alice-app", "read:notes");
    String mallory = as.token(metadataUrl(), "mallory-app", "read:notes");
    HttpResponse<String> initialized = post("/mcp", alice, INITIALIZE);
    assertThat(initialized.statusCode()).isEqualTo(200);
    String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    HttpResponse<String> stolen =
        http.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("Authorization", "Bearer " + mallory)
                .header("Mcp-Session-Id", session)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(list))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stolen.statusCode()).isEqualTo(403);
    HttpResponse<String> own =
        http.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("Authorization", "Bearer " + alice)
                .header("Mcp-Session-Id", session)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(list))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(own.statusCode()).isEqualTo(200);
  }

  @Test
  void routesNotNamedPassUntouched() throws Exception {
    assertThat(get("/elsewhere", null).statusCode()).isEqualTo(404);
  }
}
