package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.AuthServerConfigFixtures;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** security.md §3.7 G: JWKS fetching, caching and rotation, with a clock the test moves. */
class JwksCatalogueTest {
  private final MutableClock clock = MutableClock.atSystemTime();
  private Fixture f = new Fixture(b -> b, clock);

  @AfterEach
  void close() {
    f.close();
  }

  private String valid() {
    return f.valid().build();
  }

  private static void assertUnavailable(AuthResult result) {
    AuthResult.Denied denied = assertDenied(result, 503);
    assertThat(denied.reason()).isEqualTo(DenialReason.UNAVAILABLE);
    assertThat(denied.wwwAuthenticate()).isEmpty();
    assertThat(denied.headers()).containsKey("Retry-After");
    assertThat(Long.parseLong(denied.headers().get("Retry-After"))).isPositive();
    assertThat(denied.body())
        .isEqualTo(
            "{\"error\":\"temporarily_unavailable\","
                + "\"error_description\":\"The authorization server is unreachable; retry later.\"}");
  }

  @Test
  void g01JwksDownOnColdStartIs503WithRetryAfter() {
    f.as.respond(path -> new MockResponse.Builder().code(500).build());
    assertUnavailable(f.verifyToken(valid()));
  }

  @Test
  void g02JwksDownWithWarmCacheStillAuthorizes() {
    assertAuthorized(f.verifyToken(valid()));
    f.as.respond(path -> new MockResponse.Builder().code(503).build());
    clock.advance(Duration.ofMinutes(6)); // past the TTL, within stale-if-error
    assertAuthorized(f.verifyToken(valid()));
    assertAuthorized(f.verifyToken(valid()));
  }

  @Test
  void g02StaleKeysStopServingAfterMaxStale() {
    assertAuthorized(f.verifyToken(valid()));
    f.as.respond(path -> new MockResponse.Builder().code(503).build());
    clock.advance(JwksSettings.DEFAULT_TTL.plus(JwksSettings.DEFAULT_MAX_STALE).plusSeconds(1));
    assertUnavailable(f.verifyToken(valid()));
  }

  @Test
  void g03GarbageJwksOnColdStartIs503AndKeepsTheOldKeysWhenWarm() {
    for (String garbage : List.of("<html>oops</html>", "{\"keys\":\"x\"}", "{\"keys\":[", "")) {
      try (Fixture cold = new Fixture(b -> b, clock)) {
        cold.as.respond(path -> FakeAuthorizationServer.json(200, garbage));
        assertUnavailable(cold.verifyToken(cold.valid().build()));
      }
    }
    assertAuthorized(f.verifyToken(valid()));
    f.as.respond(path -> FakeAuthorizationServer.json(200, "{\"keys\":\"x\"}"));
    clock.advance(Duration.ofMinutes(6));
    assertAuthorized(f.verifyToken(valid()));
  }

  @Test
  void g04KeyRotationIsPickedUpOnUnknownKid() {
    assertAuthorized(f.verifyToken(valid()));
    f.as.setJwks(TestKeys.jwks(TestKeys.K1, TestKeys.K2));
    clock.advance(Duration.ofSeconds(2));
    String rotated = f.valid().header("kid", "k2").signWith(TestKeys.K2).build();
    assertAuthorized(f.verifyToken(rotated));
    assertThat(f.as.hits("/as/jwks")).isEqualTo(2);
  }

  @Test
  void g05UnknownKidFloodCausesOneFetchPerCooldown() throws Exception {
    assertAuthorized(f.verifyToken(valid()));
    int before = f.as.hits("/as/jwks");
    clock.advance(JwksSettings.DEFAULT_REFETCH_COOLDOWN.plusMillis(1));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<AuthResult>> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        String token = f.valid().header("kid", UUID.randomUUID().toString()).build();
        calls.add(() -> f.verifyToken(token));
      }
      for (Future<AuthResult> result : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        assertInvalidToken(result.get(), DenialReason.NO_MATCHING_KEY);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.as.hits("/as/jwks") - before).isEqualTo(1);
  }

  @Test
  void g05ColdConcurrentFirstRequestsShareOneFetch() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Callable<AuthResult>> calls = new ArrayList<>();
      String token = valid();
      for (int i = 0; i < 200; i++) {
        calls.add(() -> f.verifyToken(token));
      }
      f.as.respond(
          path ->
              FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1))
                  .newBuilder()
                  .headersDelay(200, TimeUnit.MILLISECONDS)
                  .build());
      for (Future<AuthResult> result : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        assertAuthorized(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.as.hits("/as/jwks")).isEqualTo(1);
  }

  @Test
  void g06EmptyJwksIsInvalidToken() {
    f.as.setJwks("{\"keys\":[]}");
    assertInvalidToken(f.verifyToken(valid()), DenialReason.NO_MATCHING_KEY);
  }

  @Test
  void g07SlowJwksGives503WithinTheTimeout() {
    f.close();
    f = new Fixture(b -> b, clock);
    try (McpAuth fast =
        McpAuth.builder()
            .fetchLimits(
                FetchLimits.builder()
                    .connectTimeout(Duration.ofMillis(200))
                    .callTimeout(Duration.ofMillis(300))
                    .maxResponseBytes(1024 * 1024)
                    .build())
            .protectedResource(
                ResourceServerConfig.builder(Fixture.RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, f.as.metadata()))
                    .build())
            .build()) {
      f.as.respond(
          path ->
              FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1))
                  .newBuilder()
                  .headersDelay(5, TimeUnit.SECONDS)
                  .build());
      BearerAuth auth = fast.bearerAuth(BearerAuthConfig.builder().build());
      long start = System.nanoTime();
      assertUnavailable(
          auth.verify(
              RequestHeaders.of(java.util.Map.of("Authorization", List.of("Bearer " + valid())))));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void g08HugeJwksIsRefused() {
    String huge = "{\"keys\":[],\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
    f.as.respond(path -> FakeAuthorizationServer.json(200, huge));
    assertUnavailable(f.verifyToken(valid()));
  }

  @Test
  void g09RedirectIsNotFollowed() {
    try (FakeAuthorizationServer elsewhere = new FakeAuthorizationServer()) {
      f.as.respond(
          path ->
              new MockResponse.Builder()
                  .code(302)
                  .addHeader("Location", elsewhere.jwksUri())
                  .build());
      assertUnavailable(f.verifyToken(valid()));
      assertThat(elsewhere.totalHits()).isZero();
    }
  }

  @Test
  void g09PlainHttpJwksOnARemoteHostIsRefusedAtConfiguration() {
    AuthServerMetadata remote =
        AuthServerConfigFixtures.parse(
            f.as.metadataJson(f.as.issuer()).replace(f.as.jwksUri(), "http://as.example.com/jwks"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                McpAuth.builder()
                    .protectedResource(
                        ResourceServerConfig.builder(Fixture.RESOURCE)
                            .authorizationServer(
                                AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, remote))
                            .build())
                    .build())
        .isInstanceOf(McpAuthConfigException.class)
        .hasMessageContaining("insecure_url");
  }

  @Test
  void g10KeyRemovedFromTheJwksStopsVerifyingAfterTheTtl() throws InterruptedException {
    assertAuthorized(f.verifyToken(valid()));
    f.as.setJwks(TestKeys.jwks(TestKeys.K2));
    clock.advance(
        Duration.ofMinutes(5)); // into the refresh-ahead window: a background refresh runs
    String token = valid();
    AuthResult result = f.verifyToken(token);
    for (int i = 0;
        i < 500 && result instanceof AuthResult.Authorized;
        i++) { // until the refresh lands (<= 10 s)
      Thread.sleep(20);
      result = f.verifyToken(token);
    }
    assertInvalidToken(result, DenialReason.NO_MATCHING_KEY);
    assertThat(f.as.hits("/as/jwks")).isEqualTo(2);
  }

  @Test
  void g11DuplicateKidAcrossKeyTypesPicksTheOneFittingTheAlgorithm() {
    f.as.setJwks(TestKeys.jwks(TestKeys.K1, TestKeys.ec("k1")));
    assertAuthorized(f.verifyToken(valid()));
  }

  @Test
  void g12IssuerMismatchInDiscoveredMetadataIs503() {
    f.as.respond(
        path ->
            path.endsWith("openid-configuration")
                ? FakeAuthorizationServer.json(200, f.as.metadataJson(f.as.issuer() + "/"))
                : FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1)));
    try (McpAuth discovering =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(Fixture.RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.discover(f.as.issuer(), AuthServerConfig.Type.OIDC))
                    .build())
            .build()) {
      BearerAuth auth = discovering.bearerAuth(BearerAuthConfig.builder().build());
      assertUnavailable(
          auth.verify(
              RequestHeaders.of(java.util.Map.of("Authorization", List.of("Bearer " + valid())))));
      assertThat(f.as.hits("/as/jwks")).isZero();
    }
  }

  @Test
  void refreshAheadRunsInTheBackgroundWithoutBlockingRequests() {
    assertAuthorized(f.verifyToken(valid()));
    f.as.respond(
        path ->
            FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1))
                .newBuilder()
                .headersDelay(3, TimeUnit.SECONDS)
                .build());
    clock.advance(Duration.ofSeconds(280));
    long start = System.nanoTime();
    assertAuthorized(f.verifyToken(valid()));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void cacheControlMaxAgeSetsTheLifetime() {
    f.as.respond(
        path ->
            FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1))
                .newBuilder()
                .addHeader("Cache-Control", "public, max-age=3600")
                .build());
    assertAuthorized(f.verifyToken(valid()));
    clock.advance(Duration.ofMinutes(30));
    assertAuthorized(f.verifyToken(valid()));
    assertThat(f.as.hits("/as/jwks")).isEqualTo(1);
  }

  @Test
  void aTokenWithoutKidTriesAtMostFourKeysThatFitItsAlgorithm() {
    PublicJsonWebKey[] keys = new PublicJsonWebKey[6];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = TestKeys.rsa("r" + i, 2048);
    }
    // EC and Ed keys never count against the cap of an RS256 token.
    f.as.setJwks(
        TestKeys.jwks(
            TestKeys.EC1, TestKeys.ED1, keys[0], keys[1], keys[2], keys[3], keys[4], keys[5]));
    assertAuthorized(f.verifyToken(f.valid().withoutHeader("kid").signWith(keys[3]).build()));
    // The fifth fitting key is never tried: a large key set cannot make one token cost more checks.
    assertInvalidToken(
        f.verifyToken(f.valid().withoutHeader("kid").signWith(keys[4]).build()),
        DenialReason.INVALID_SIGNATURE);
    assertThat(JwksKeySet.MAX_CANDIDATES).isEqualTo(4);
  }
}
