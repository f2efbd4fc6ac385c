package dev.mcpauth.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.StoreUnavailableException;
import dev.mcpauth.redis.RedisStores;
import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.DpopProofs;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.StoreViews;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Spring Boot applications (instances A and B of one deployment, WebMVC and WebFlux) with
 * {@code mcpauth.store.url} on one real redis-server: a DPoP proof used at A is refused at B, and a
 * nonce issued by A (shared {@code mcpauth.dpop.nonce-secrets}) is accepted by B, and an MCP
 * session created at A is refused at B to another caller. Runs when /usr/bin/redis-server is
 * installed (or with {@code -Dredis.tests=true}).
 */
@EnabledIf("dev.mcpauth.spring.redis.RedisServerProcess#available")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedRedisStoreTest {
  /** The public URL both instances serve behind the load balancer. */
  private static final String RESOURCE = "https://notes.example.test/mcp";

  private static final String NOTES = "https://notes.example.test/notes";

  private final HttpClient http = HttpClient.newHttpClient();
  private RedisServerProcess redis;
  private FakeAuthorizationServer issuer;
  private ConfigurableApplicationContext a;
  private ConfigurableApplicationContext b;
  private String baseA;
  private String baseB;

  @BeforeAll
  void start() throws Exception {
    redis = RedisServerProcess.start();
    issuer = new FakeAuthorizationServer();
    int portA = NotesApp.freePort();
    int portB = NotesApp.freePort();
    a = NotesApp.start("webmvc", portA, properties());
    b = NotesApp.start("webflux", portB, properties());
    baseA = "http://127.0.0.1:" + portA;
    baseB = "http://127.0.0.1:" + portB;
  }

  private Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.ai.mcp.server.name", "notes");
    p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
    p.put("mcpauth.resource", RESOURCE);
    p.put("mcpauth.authorization-servers[0].issuer", issuer.issuer());
    p.put("mcpauth.protected-paths[0].pattern", "/notes");
    p.put("mcpauth.protected-paths[0].scopes", "read:notes");
    p.put("mcpauth.dpop.enabled", "true");
    p.put("mcpauth.dpop.replay-check", "true");
    p.put("mcpauth.dpop.nonces", "true");
    p.put("mcpauth.dpop.nonce-secrets", "a-shared-secret-of-at-least-32-bytes-for-all");
    p.put("mcpauth.store.url", redis.uri());
    p.put("mcpauth.store.key-prefix", "notes:");
    p.put("mcpauth.store.command-timeout", "5s"); // a loaded machine is not an outage
    return p;
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
      issuer.close();
    } finally {
      redis.close();
    }
  }

  private String token() {
    return Tokens.valid(issuer.issuer(), RESOURCE)
        .claim("scope", "read:notes")
        .claim("cnf", Map.of("jkt", DpopProofs.jkt(TestKeys.EC1)))
        .build();
  }

  private HttpResponse<String> notes(String base, String token, String proof) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/notes"))
            .header("Authorization", "DPoP " + token)
            .header("DPoP", proof)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String nonceFrom(String base, String token) throws Exception {
    HttpResponse<String> r =
        notes(base, token, DpopProofs.proof(TestKeys.EC1, "GET", NOTES, token).build());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("use_dpop_nonce");
    return r.headers().firstValue("DPoP-Nonce").orElseThrow();
  }

  @Test
  void bothInstancesUseTheRedisStoresOfTheProperty() {
    assertThat(a.getBean(RedisStores.class).keyPrefix()).isEqualTo("notes:");
    assertThat(b.getBean(RedisStores.class).keyPrefix()).isEqualTo("notes:");
    assertThat(a.getBean(RedisStoresCustomizer.class)).isNotNull();
  }

  @Test
  void theStoresOfThePropertyCloseWithTheContext() {
    ConfigurableApplicationContext c = NotesApp.start("webmvc", NotesApp.freePort(), properties());
    RedisStores stores = c.getBean(RedisStores.class);
    Instant later = Instant.now().plusSeconds(60);
    assertThat(StoreViews.singleUse(stores).firstUse("closing-test", later)).isTrue();
    c.close();
    assertThatThrownBy(() -> StoreViews.singleUse(stores).firstUse("closing-test-2", later))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void javaConfigurationDeclaresItsOwnRedisStores() {
    Map<String, Object> p = properties();
    p.remove("mcpauth.store.url");
    p.put("test.redis.url", redis.uri());
    // WebMVC: closing a second WebFlux application would dispose Reactor Netty's global resources
    // that instance B still uses.
    try (ConfigurableApplicationContext c =
        NotesApp.start("webmvc", NotesApp.freePort(), p, false, OwnRedisStores.class)) {
      assertThat(c.getBeansOfType(RedisStores.class)).containsOnlyKeys("ownStores");
      assertThat(c.getBean(RedisStores.class).keyPrefix()).isEqualTo("own:");
      assertThat(c.getBean(RedisStoresCustomizer.class)).isNotNull();
    }
  }

  @Test
  void anMcpSessionCreatedAtAIsBoundToItsCreatorAtB() throws Exception {
    String alice = Tokens.valid(issuer.issuer(), RESOURCE).claim("sub", "alice").build();
    HttpResponse<String> created =
        mcp(
            baseA,
            alice,
            Optional.empty(),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(created.statusCode()).isEqualTo(200);
    Optional<String> session = created.headers().firstValue("Mcp-Session-Id");
    assertThat(session).isPresent();
    String mallory = Tokens.valid(issuer.issuer(), RESOURCE).claim("sub", "mallory").build();
    HttpResponse<String> atB =
        mcp(baseB, mallory, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertThat(atB.statusCode()).isEqualTo(403); // B knows whose session it is: Redis told it
  }

  private HttpResponse<String> mcp(String base, String token, Optional<String> session, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/mcp"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    session.ifPresent(id -> b.header("Mcp-Session-Id", id));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aNonceIssuedByAIsAcceptedByB() throws Exception {
    String token = token();
    String nonce = nonceFrom(baseA, token);
    HttpResponse<String> atB =
        notes(
            baseB,
            token,
            DpopProofs.proof(TestKeys.EC1, "GET", NOTES, token).claim("nonce", nonce).build());
    assertThat(atB.statusCode()).isEqualTo(200);
  }

  @Test
  void aDpopProofUsedAtAIsRefusedAtB() throws Exception {
    String token = token();
    String nonce = nonceFrom(baseA, token);
    String proof =
        DpopProofs.proof(TestKeys.EC1, "GET", NOTES, token).claim("nonce", nonce).build();
    assertThat(notes(baseA, token, proof).statusCode()).isEqualTo(200);
    HttpResponse<String> replayed = notes(baseB, token, proof);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_dpop_proof")
        .contains("The DPoP proof was used before.");
  }
}
