package dev.mcpauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.DenialReason;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.Introspection;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.testing.DpopProofs;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two library instances (as two processes behind a load balancer would be: each its own {@link
 * McpAuth} and its own Redis connection) against one real redis-server: what one instance saw, the
 * other knows.
 */
class TwoInstancesTest {
  private static final String RESOURCE = "https://mcp.test/mcp";
  private static final String HTU = RESOURCE;
  private static final PublicJsonWebKey CLIENT = TestKeys.ec("client");
  private static final String OPAQUE = "opaque-" + UUID.randomUUID();

  @RegisterExtension final LocalRedisServer redis = new LocalRedisServer();

  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  TwoInstancesTest() {
    long exp = System.currentTimeMillis() / 1000 + 300;
    String active =
        "{\"active\":true,\"iss\":\""
            + as.issuer()
            + "\",\"sub\":\"alice\",\"client_id\":\"app\","
            + "\"aud\":\""
            + RESOURCE
            + "\",\"scope\":\"mcp:read\",\"exp\":"
            + exp
            + "}";
    as.respond(
        path ->
            switch (path) {
              case "/as/jwks" -> FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1));
              case "/as/introspect" -> FakeAuthorizationServer.json(200, active);
              default -> new MockResponse.Builder().code(404).build();
            });
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    as.close();
  }

  /**
   * One instance: its own McpAuth on its own connection to the shared Redis (or in-memory stores).
   */
  private BearerAuth instance(boolean shared, UnaryOperator<DpopSettings.Builder> dpop) {
    return mcpAuth(shared, dpop).bearerAuth("mcp:read");
  }

  private McpGate gate(boolean shared) {
    McpAuth mcpAuth = mcpAuth(shared, d -> d);
    return mcpAuth.mcpGate(mcpAuth.bearerAuth("mcp:read")).build();
  }

  private McpAuth mcpAuth(boolean shared, UnaryOperator<DpopSettings.Builder> dpop) {
    McpAuth.Builder builder = McpAuth.builder();
    if (shared) {
      RedisStores stores = LocalRedisServer.patient(RedisStores.builder(redis.uri())).connect();
      toClose.add(stores);
      builder.sharedStore(stores);
    }
    McpAuth mcpAuth =
        builder
            .protectedResource(
                ResourceServerConfig.builder(RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .dpop(dpop.apply(DpopSettings.builder()).build())
                            .build())
                    .introspectOpaqueTokens(
                        Introspection.builder(as.issuer())
                            .clientCredentials("mcp-server", "s3cret")
                            .endpoint(as.issuer() + "/introspect")
                            .build())
                    .build())
            .build();
    toClose.add(0, mcpAuth);
    return mcpAuth;
  }

  private String boundToken() {
    return Tokens.valid(as.issuer(), RESOURCE)
        .claim("cnf", Map.of("jkt", DpopProofs.jkt(CLIENT)))
        .build();
  }

  private static AuthResult dpop(BearerAuth auth, String token, String proof) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Authorization", List.of("DPoP " + token));
    headers.put("DPoP", List.of(proof));
    return auth.verify(RequestHeaders.of(headers).withRequestLine("POST", "/mcp"));
  }

  private static AuthResult bearer(BearerAuth auth, String token) {
    return auth.verify(
        RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)))
            .withRequestLine("POST", "/mcp"));
  }

  private static AuthResult.Denied denied(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Denied.class);
    return (AuthResult.Denied) result;
  }

  @Test
  void aDpopProofUsedAtAIsRefusedAtB() {
    BearerAuth a = instance(true, DpopSettings.Builder::replayCheck);
    BearerAuth b = instance(true, DpopSettings.Builder::replayCheck);
    String token = boundToken();
    String proof = DpopProofs.proof(CLIENT, "POST", HTU, token).build();

    assertThat(dpop(a, token, proof)).isInstanceOf(AuthResult.Authorized.class);

    AuthResult.Denied atB = denied(dpop(b, token, proof));
    assertThat(atB.reason()).isEqualTo(DenialReason.DPOP_PROOF_REPLAYED);
    assertThat(atB.status()).isEqualTo(401);
    assertThat(denied(dpop(a, token, proof)).reason()).isEqualTo(DenialReason.DPOP_PROOF_REPLAYED);
    assertThat(dpop(b, token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()))
        .as("a fresh proof is fine at B")
        .isInstanceOf(AuthResult.Authorized.class);
  }

  @Test
  void withoutASharedStoreTheSameProofWouldBeAcceptedAtB() {
    BearerAuth a = instance(false, DpopSettings.Builder::replayCheck);
    BearerAuth b = instance(false, DpopSettings.Builder::replayCheck);
    String token = boundToken();
    String proof = DpopProofs.proof(CLIENT, "POST", HTU, token).build();

    assertThat(dpop(a, token, proof)).isInstanceOf(AuthResult.Authorized.class);
    assertThat(dpop(b, token, proof)).isInstanceOf(AuthResult.Authorized.class);
  }

  @Test
  void aNonceIssuedByAIsAcceptedByB() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    BearerAuth a = instance(true, d -> d.nonces().nonceSecrets(secret));
    BearerAuth b = instance(true, d -> d.nonces().nonceSecrets(secret));
    BearerAuth unshared = instance(true, DpopSettings.Builder::nonces);
    String token = boundToken();

    AuthResult.Denied first =
        denied(dpop(a, token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()));
    assertThat(first.reason()).isEqualTo(DenialReason.DPOP_NONCE_REQUIRED);
    String nonce = first.headers().get("DPoP-Nonce");
    assertThat(nonce).isNotBlank();

    assertThat(
            dpop(
                b,
                token,
                DpopProofs.proof(CLIENT, "POST", HTU, token).claim("nonce", nonce).build()))
        .isInstanceOf(AuthResult.Authorized.class);
    assertThat(
            denied(
                    dpop(
                        unshared,
                        token,
                        DpopProofs.proof(CLIENT, "POST", HTU, token).claim("nonce", nonce).build()))
                .reason())
        .as("an instance with its own random secret does not know A's nonce")
        .isEqualTo(DenialReason.DPOP_NONCE_REQUIRED);
  }

  @Test
  void bServesAnIntrospectionResultCachedByAWithoutAskingTheAuthorizationServer() {
    BearerAuth a = instance(true, d -> d);
    BearerAuth b = instance(true, d -> d);

    assertThat(bearer(a, OPAQUE)).isInstanceOf(AuthResult.Authorized.class);
    assertThat(as.hits("/as/introspect")).isEqualTo(1);

    AuthResult atB = bearer(b, OPAQUE);
    assertThat(atB).isInstanceOf(AuthResult.Authorized.class);
    assertThat(((AuthResult.Authorized) atB).authInfo().subject()).contains("alice");
    assertThat(as.hits("/as/introspect")).as("B used A's answer").isEqualTo(1);
  }

  private static McpGate.Decision inSession(McpGate gate, String token, String sessionId) {
    return gate.check(
        RequestHeaders.of(
                Map.of(
                    "Authorization",
                    List.of("Bearer " + token),
                    "Mcp-Session-Id",
                    List.of(sessionId)))
            .withRequestLine("GET", "/mcp"),
        limit -> new byte[0]);
  }

  private static int status(McpGate.Decision decision) {
    return decision instanceof McpGate.Decision.Respond r ? r.status() : 200;
  }

  @Test
  void aSessionCreatedThroughAIsBoundToItsCreatorAtB() throws Exception {
    McpGate a = gate(true);
    McpGate b = gate(true);
    String alice = Tokens.valid(as.issuer(), RESOURCE).build();
    String bob = Tokens.valid(as.issuer(), RESOURCE).claim("sub", "bob").build();
    McpGate.Decision created =
        a.check(
            RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + alice)))
                .withRequestLine("GET", "/mcp"),
            limit -> new byte[0]);
    assertThat(created).isInstanceOf(McpGate.Decision.Forward.class);
    AuthInfo aliceInfo = ((McpGate.Decision.Forward) created).authInfo();
    a.sessionStarted("session-1", aliceInfo);

    assertThat(inSession(b, alice, "session-1")).isInstanceOf(McpGate.Decision.Forward.class);
    assertThat(status(inSession(b, bob, "session-1"))).isEqualTo(403);
    assertThat(status(inSession(b, alice, "never-started"))).isEqualTo(404);

    redis.stop();
    assertThat(status(inSession(b, alice, "session-1")))
        .as("unknown while Redis is down")
        .isEqualTo(503);
    redis.start();
    Eventually.await(
        "B checks sessions again",
        Duration.ofSeconds(20),
        () ->
            status(inSession(b, alice, "session-1"))
                == 404); // a restarted Redis without persistence forgot it
  }

  @Test
  void noTokenJtiOrKeyIsWrittenInClear() {
    BearerAuth a = instance(true, DpopSettings.Builder::replayCheck);
    String token = boundToken();
    String jti = "jti-" + UUID.randomUUID();
    assertThat(
            dpop(a, token, DpopProofs.proof(CLIENT, "POST", HTU, token).claim("jti", jti).build()))
        .isInstanceOf(AuthResult.Authorized.class);
    assertThat(bearer(a, OPAQUE)).isInstanceOf(AuthResult.Authorized.class);

    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      List<String> keys = inspector.allKeys();
      assertThat(keys).hasSize(2).allSatisfy(k -> assertThat(k).startsWith("mcpauth:"));
      StringBuilder everything = new StringBuilder();
      for (String key : keys) {
        everything.append(key).append('\n').append(inspector.commands().get(key)).append('\n');
      }
      assertThat(everything.toString())
          .doesNotContain(jti)
          .doesNotContain(OPAQUE)
          .doesNotContain(token)
          .doesNotContain(DpopProofs.jkt(CLIENT));
    }
  }

  @Test
  void aReplayCheckThatTimedOutAnswers503NamingTheStoreAndTheSameProofMayBeRetried()
      throws Exception {
    RedisStores stores =
        RedisStores.builder(redis.uri()).commandTimeout(Duration.ofMillis(500)).connect();
    toClose.add(stores);
    McpAuth mcpAuth =
        McpAuth.builder()
            .sharedStore(stores)
            .protectedResource(
                ResourceServerConfig.builder(RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .dpop(DpopSettings.builder().replayCheck().build())
                            .build())
                    .build())
            .build();
    toClose.add(0, mcpAuth);
    BearerAuth auth = mcpAuth.bearerAuth("mcp:read");
    String token = boundToken();
    String proof = DpopProofs.proof(CLIENT, "POST", HTU, token).build();

    redis.pause(); // the SET NX is sent, Redis answers only after the client gave up
    AuthResult.Denied timedOut;
    try {
      timedOut = denied(dpop(auth, token, proof));
    } finally {
      redis.resume();
    }

    assertThat(timedOut.status()).isEqualTo(503);
    assertThat(timedOut.headers()).containsKey("Retry-After");
    assertThat(timedOut.body())
        .contains("The DPoP replay store is unavailable")
        .contains("new DPoP proof")
        .doesNotContain("authorization server");
    assertThat(dpop(auth, token, proof))
        .as("the late SET was released: the refused proof was not used")
        .isInstanceOf(AuthResult.Authorized.class);
    assertThat(denied(dpop(auth, token, proof)).reason())
        .as("and is single-use from then on")
        .isEqualTo(DenialReason.DPOP_PROOF_REPLAYED);
  }

  @Test
  void whileRedisIsDownNothingThatNeedsItIsAcceptedAndEverythingRecovers() throws Exception {
    BearerAuth a = instance(true, DpopSettings.Builder::replayCheck);
    BearerAuth b = instance(true, DpopSettings.Builder::replayCheck);
    String token = boundToken();
    assertThat(bearer(a, OPAQUE)).isInstanceOf(AuthResult.Authorized.class);
    assertThat(as.hits("/as/introspect")).isEqualTo(1);

    redis.stop();

    for (int i = 0; i < 10; i++) {
      BearerAuth instance = i % 2 == 0 ? a : b;
      AuthResult.Denied d =
          denied(dpop(instance, token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()));
      assertThat(d.status()).isEqualTo(503);
      assertThat(d.headers()).containsKey("Retry-After");
    }
    assertThat(bearer(b, OPAQUE))
        .as("the introspection cache degrades to asking the authorization server")
        .isInstanceOf(AuthResult.Authorized.class);
    assertThat(as.hits("/as/introspect")).isEqualTo(2);
    assertThat(bearer(a, Tokens.valid(as.issuer(), RESOURCE).build()))
        .as("a Bearer JWT needs no store")
        .isInstanceOf(AuthResult.Authorized.class);

    redis.start();

    // Each instance has its own connection, and each reconnects on its own.
    Eventually.await(
        "A accepts DPoP again",
        Duration.ofSeconds(20),
        () ->
            dpop(a, token, DpopProofs.proof(CLIENT, "POST", HTU, token).build())
                instanceof AuthResult.Authorized);
    Eventually.await(
        "B accepts DPoP again",
        Duration.ofSeconds(20),
        () ->
            dpop(b, token, DpopProofs.proof(CLIENT, "POST", HTU, token).build())
                instanceof AuthResult.Authorized);
    String proof = DpopProofs.proof(CLIENT, "POST", HTU, token).build();
    assertThat(dpop(a, token, proof)).isInstanceOf(AuthResult.Authorized.class);
    assertThat(denied(dpop(b, token, proof)).reason()).isEqualTo(DenialReason.DPOP_PROOF_REPLAYED);
  }
}
