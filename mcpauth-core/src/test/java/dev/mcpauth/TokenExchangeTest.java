package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.testing.FakeAuthorizationServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenExchange} over real HTTP against a scripted token endpoint (mockwebserver3): the
 * request it sends, each way it fails, cache expiry and sharing, and the downstream helper.
 */
class TokenExchangeTest {
  private static final String TOKEN_PATH = "/as/token";
  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final FakeAuthorizationServer api = new FakeAuthorizationServer();
  private final MutableClock clock = MutableClock.atSystemTime();
  private volatile MockResponse tokenResponse = issued("T1", 120);

  TokenExchangeTest() {
    as.respondToRequest(r -> tokenResponse);
  }

  @AfterEach
  void close() {
    as.close();
    api.close();
  }

  private static MockResponse issued(String token, int expiresIn) {
    return FakeAuthorizationServer.json(
        200,
        "{\"access_token\":\""
            + token
            + "\",\"token_type\":\"Bearer\",\"issued_token_type\":\""
            + TokenExchange.ACCESS_TOKEN_TYPE
            + "\""
            + (expiresIn > 0 ? ",\"expires_in\":" + expiresIn : "")
            + "}");
  }

  private TokenExchange.Builder exchange() {
    return TokenExchange.builder(as.issuer())
        .clientSecretBasic("mcp-server", "s3cret")
        .clock(clock);
  }

  private AuthInfo caller(String token) {
    return AuthInfo.builder(token, as.issuer())
        .subject("alice")
        .expiresAt(clock.instant().plusSeconds(3600))
        .build();
  }

  private TokenExchange.Target orders() {
    return TokenExchange.Target.resource(api.url("/orders"));
  }

  private TokenExchangeException failure(TokenExchange exchange, AuthInfo caller) {
    try {
      exchange.exchange(caller, orders());
    } catch (TokenExchangeException e) {
      assertThat(e.getMessage()).doesNotContain(caller.token()).doesNotContain("s3cret");
      return e;
    }
    throw new AssertionError("the exchange succeeded");
  }

  @Test
  void theRequestCarriesTheRfc8693ParametersAndBasicClientAuthentication() {
    ExchangedToken token =
        exchange()
            .build()
            .exchange(caller("inbound-1"), orders().andAudience("orders-api").withScopes("r", "w"));
    assertThat(token.token()).isEqualTo("T1");
    assertThat(token.scopes()).containsExactly("r", "w");
    assertThat(token.expiresAt()).contains(clock.instant().plusSeconds(120));
    RecordedRequest request = as.lastRequest(TOKEN_PATH);
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo("Basic bWNwLXNlcnZlcjpzM2NyZXQ=");
    assertThat(request.getBody().utf8())
        .isEqualTo(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
                + "&subject_token=inbound-1"
                + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
                + "&requested_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
                + "&resource="
                + api.url("/orders").replace(":", "%3A").replace("/", "%2F")
                + "&audience=orders-api&scope=r+w");
  }

  @Test
  void clientSecretPostSendsTheCredentialsInTheForm() {
    TokenExchange exchange =
        TokenExchange.builder(as.issuer()).clientSecretPost("mcp-server", "s3cret").build();
    exchange.exchange(caller("inbound-1"), orders());
    RecordedRequest request = as.lastRequest(TOKEN_PATH);
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getBody().utf8()).endsWith("&client_id=mcp-server&client_secret=s3cret");
  }

  @Test
  void anUnreachableTokenEndpointIsUnavailable() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    TokenExchange exchange =
        exchange().tokenEndpoint("http://127.0.0.1:" + closed + "/token").build();
    assertThat(failure(exchange, caller("inbound-1")).kind())
        .isEqualTo(TokenExchangeException.Kind.UNAVAILABLE);
  }

  @Test
  void aServerErrorIsUnavailableWithItsRetryAfter() {
    tokenResponse =
        new MockResponse.Builder().code(503).addHeader("Retry-After", "7").body("down").build();
    TokenExchangeException e = failure(exchange().build(), caller("inbound-1"));
    assertThat(e.kind()).isEqualTo(TokenExchangeException.Kind.UNAVAILABLE);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void aGarbageAnswerIsUnavailable() {
    for (MockResponse garbage :
        List.of(
            FakeAuthorizationServer.json(200, "<html>"),
            FakeAuthorizationServer.json(200, "{\"token_type\":\"Bearer\"}"),
            FakeAuthorizationServer.json(200, "{\"access_token\":7,\"token_type\":\"Bearer\"}"),
            FakeAuthorizationServer.json(
                200,
                "{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}"))) {
      tokenResponse = garbage;
      assertThat(failure(exchange().cacheCapacity(0).build(), caller("inbound-1")).kind())
          .isEqualTo(TokenExchangeException.Kind.UNAVAILABLE);
    }
  }

  @Test
  void aSlowTokenEndpointIsUnavailableWithinTheCallTimeout() {
    tokenResponse = new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).build();
    TokenExchange exchange =
        exchange()
            .fetchLimits(FetchLimits.builder().callTimeout(Duration.ofMillis(300)).build())
            .build();
    long start = System.nanoTime();
    assertThat(failure(exchange, caller("inbound-1")).kind())
        .isEqualTo(TokenExchangeException.Kind.UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void invalidGrantIsRefusedWithItsCode() {
    tokenResponse =
        FakeAuthorizationServer.json(
            400, "{\"error\":\"invalid_grant\",\"error_description\":\"x\"}");
    TokenExchangeException e = failure(exchange().build(), caller("inbound-1"));
    assertThat(e.kind()).isEqualTo(TokenExchangeException.Kind.REFUSED);
    assertThat(e.error()).contains("invalid_grant");
  }

  @Test
  void invalidClientIsMisconfigured() {
    tokenResponse = FakeAuthorizationServer.json(401, "{\"error\":\"invalid_client\"}");
    TokenExchangeException e = failure(exchange().build(), caller("inbound-1"));
    assertThat(e.kind()).isEqualTo(TokenExchangeException.Kind.MISCONFIGURED);
    assertThat(e.error()).contains("invalid_client");
  }

  @Test
  void aTokenTypeOtherThanBearerIsNotUsed() {
    tokenResponse =
        FakeAuthorizationServer.json(200, "{\"access_token\":\"x\",\"token_type\":\"DPoP\"}");
    assertThat(failure(exchange().build(), caller("inbound-1")).kind())
        .isEqualTo(TokenExchangeException.Kind.MISCONFIGURED);
  }

  @Test
  void metadataWithoutTheGrantIsMisconfiguredAndNoTokenRequestIsMade() {
    as.respond(
        path ->
            path.equals("/as/.well-known/openid-configuration")
                ? FakeAuthorizationServer.json(
                    200,
                    as.metadataJson(as.issuer())
                        .replace("{", "{\"grant_types_supported\":[\"authorization_code\"],"))
                : new MockResponse.Builder().code(404).build());
    assertThat(failure(exchange().build(), caller("inbound-1")).kind())
        .isEqualTo(TokenExchangeException.Kind.MISCONFIGURED);
    assertThat(as.hits(TOKEN_PATH)).isZero();
  }

  @Test
  void aCallerFromAnotherIssuerIsRefusedWithoutAnyRequest() {
    AuthInfo stranger = AuthInfo.builder("inbound-1", "https://other.example").build();
    assertThat(failure(exchange().build(), stranger).kind())
        .isEqualTo(TokenExchangeException.Kind.MISCONFIGURED);
    assertThat(as.totalHits()).isZero();
  }

  @Test
  void anEntryEndsTheSkewBeforeTheExchangedTokenExpires() {
    TokenExchange exchange = exchange().expirySkew(Duration.ofSeconds(30)).build();
    AuthInfo alice = caller("inbound-1");
    exchange.exchange(alice, orders());
    clock.advance(Duration.ofSeconds(89));
    tokenResponse = issued("T2", 120);
    assertThat(exchange.exchange(alice, orders()).token()).isEqualTo("T1");
    clock.advance(Duration.ofSeconds(2));
    assertThat(exchange.exchange(alice, orders()).token()).isEqualTo("T2");
    assertThat(as.hits(TOKEN_PATH)).isEqualTo(2);
  }

  @Test
  void anEntryEndsWhenTheInboundTokenExpires() {
    TokenExchange exchange = exchange().build();
    AuthInfo shortLived =
        AuthInfo.builder("inbound-1", as.issuer())
            .expiresAt(clock.instant().plusSeconds(10))
            .build();
    tokenResponse = issued("T1", 3600);
    exchange.exchange(shortLived, orders());
    clock.advance(Duration.ofSeconds(11));
    tokenResponse = issued("T2", 3600);
    assertThat(exchange.exchange(shortLived, orders()).token()).isEqualTo("T2");
  }

  @Test
  void aTokenWithoutExpiresInIsNotCached() {
    tokenResponse = issued("T1", 0);
    TokenExchange exchange = exchange().build();
    exchange.exchange(caller("inbound-1"), orders());
    exchange.exchange(caller("inbound-1"), orders());
    assertThat(as.hits(TOKEN_PATH)).isEqualTo(2);
  }

  @Test
  void aSharedStoreServesAnotherInstanceAndHoldsNoTokenInTheClear() {
    MapStore store = new MapStore();
    AuthInfo alice = caller("inbound-secret-1");
    exchange().sharedStore(store).build().exchange(alice, orders());
    ExchangedToken again = exchange().sharedStore(store).build().exchange(alice, orders());
    assertThat(again.token()).isEqualTo("T1");
    assertThat(as.hits(TOKEN_PATH)).isEqualTo(1);
    assertThat(store.entries).hasSize(1);
    store.entries.forEach(
        (key, value) -> {
          assertThat(key).startsWith("c:token-exchange:").doesNotContain("inbound-secret-1");
          assertThat(value).doesNotContain("T1").doesNotContain("inbound-secret-1");
        });
    // another caller's token does not unlock the entry
    assertThat(exchange().sharedStore(store).build().exchange(caller("inbound-2"), orders()))
        .isNotNull();
    assertThat(as.hits(TOKEN_PATH)).isEqualTo(2);
  }

  @Test
  void aFailingStoreIsAMissAndTheExchangeStillWorks() {
    MapStore store = new MapStore();
    store.down = true;
    TokenExchange exchange = exchange().sharedStore(store).build();
    assertThat(exchange.exchange(caller("inbound-1"), orders()).token()).isEqualTo("T1");
    assertThat(exchange.exchange(caller("inbound-1"), orders()).token()).isEqualTo("T1");
    assertThat(as.hits(TOKEN_PATH)).isEqualTo(2);
  }

  @Test
  void theDownstreamCallSendsTheExchangedTokenOnlyWithinItsTarget() {
    api.respond(path -> FakeAuthorizationServer.json(200, "{\"ok\":true}"));
    TokenExchange exchange = exchange().build();
    ExchangedToken token = exchange.exchange(caller("inbound-1"), orders());
    HttpResponse answer = exchange.get(token, api.url("/orders/42?x=1"));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"ok\":true}");
    assertThat(api.lastRequest("/orders/42").getHeaders().get("Authorization"))
        .isEqualTo("Bearer T1");
    for (String outside :
        List.of(
            api.url("/ordersx"),
            api.url("/admin"),
            api.url("/orders/../admin"),
            api.url("/orders/%2e%2e/admin"),
            api.url("/orders/%252e%252e/admin"),
            as.url("/orders"),
            api.url("/orders").replace("http://", "http://user@"),
            "https://example.com/orders",
            "not a url")) {
      assertThatThrownBy(() -> exchange.get(token, outside))
          .isInstanceOfSatisfying(
              TokenExchangeException.class,
              e -> assertThat(e.kind()).isEqualTo(TokenExchangeException.Kind.MISCONFIGURED));
    }
    assertThat(api.totalHits()).isEqualTo(1);
  }

  @Test
  void theDownstreamCallNeverFollowsARedirect() {
    api.respond(
        path ->
            new MockResponse.Builder().code(302).addHeader("Location", as.url("/steal")).build());
    TokenExchange exchange = exchange().build();
    HttpResponse answer =
        exchange.get(exchange.exchange(caller("inbound-1"), orders()), api.url("/orders"));
    assertThat(answer.status()).isEqualTo(302);
    assertThat(as.hits("/steal")).isZero();
  }

  @Test
  void anUnreachableDownstreamApiIsUnavailable() {
    TokenExchange exchange = exchange().build();
    ExchangedToken token = exchange.exchange(caller("inbound-1"), orders());
    api.close();
    assertThatThrownBy(() -> exchange.get(token, api.url("/orders")))
        .isInstanceOfSatisfying(
            TokenExchangeException.class,
            e -> assertThat(e.kind()).isEqualTo(TokenExchangeException.Kind.UNAVAILABLE));
  }

  @Test
  void privateKeyJwtSendsAnAssertionSignedForTheTokenEndpoint() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    TokenExchange exchange =
        TokenExchange.builder(as.issuer())
            .privateKeyJwt("mcp-server", pair.getPrivate(), "key-1")
            .clock(clock)
            .build();
    exchange.exchange(caller("inbound-1"), orders());
    RecordedRequest request = as.lastRequest(TOKEN_PATH);
    assertThat(request.getHeaders().get("Authorization")).isNull();
    Map<String, String> form = new java.util.LinkedHashMap<>();
    for (String pair2 : request.getBody().utf8().split("&")) {
      String[] kv = pair2.split("=", 2);
      form.put(
          java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(form)
        .containsEntry("client_id", "mcp-server")
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .doesNotContainKey("client_secret");
    String[] jws = form.get("client_assertion").split("\\.");
    java.util.Base64.Decoder b64 = java.util.Base64.getUrlDecoder();
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(pair.getPublic());
    verifier.update((jws[0] + "." + jws[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(verifier.verify(b64.decode(jws[2]))).isTrue();
    com.google.gson.JsonObject header =
        com.google.gson.JsonParser.parseString(new String(b64.decode(jws[0]))).getAsJsonObject();
    com.google.gson.JsonObject claims =
        com.google.gson.JsonParser.parseString(new String(b64.decode(jws[1]))).getAsJsonObject();
    assertThat(header.get("alg").getAsString()).isEqualTo("ES256");
    assertThat(header.get("kid").getAsString()).isEqualTo("key-1");
    assertThat(claims.get("iss").getAsString()).isEqualTo("mcp-server");
    assertThat(claims.get("sub").getAsString()).isEqualTo("mcp-server");
    assertThat(claims.get("aud").getAsString()).isEqualTo(as.url(TOKEN_PATH));
    assertThat(claims.get("exp").getAsLong() - claims.get("iat").getAsLong()).isEqualTo(60);
    assertThat(claims.get("iat").getAsLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(claims.get("jti").getAsString()).hasSizeGreaterThan(20);
  }

  @Test
  void privateKeyJwtRefusesWeakOrUnsupportedKeys() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    assertThatThrownBy(
            () ->
                TokenExchange.builder(as.issuer())
                    .privateKeyJwt("c", rsa.generateKeyPair().getPrivate(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertThatThrownBy(
            () -> TokenExchange.builder(as.issuer()).privateKeyJwt("c", ed.getPrivate(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentExchangesOfOneCallerTokenShareOneRequest() throws Exception {
    tokenResponse =
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .headersDelay(1, TimeUnit.SECONDS)
            .body("{\"access_token\":\"T1\",\"token_type\":\"Bearer\",\"expires_in\":120}")
            .build();
    TokenExchange exchange = exchange().cacheCapacity(0).build(); // no cache: only single-flight
    AuthInfo alice = caller("inbound-1");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<String>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return exchange.exchange(alice, orders()).token();
                }));
      }
      go.countDown();
      for (java.util.concurrent.Future<String> call : calls) {
        assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo("T1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(as.hits(TOKEN_PATH)).isEqualTo(1);
    exchange.exchange(alice, orders()); // finished: the next call asks again (no cache here)
    assertThat(as.hits(TOKEN_PATH)).isEqualTo(2);
  }

  @Test
  void buildWithoutClientCredentialsFailsWithTheFix() {
    assertThatThrownBy(() -> TokenExchange.builder(as.issuer()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clientSecretBasic");
    assertThatThrownBy(
            () -> TokenExchange.builder(as.issuer()).tokenEndpoint("http://as.example/token"))
        .isInstanceOf(McpAuthConfigException.class);
    assertThatThrownBy(() -> TokenExchange.Target.resource("relative/path"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenExchange.Target.audience("a").withScopes("two words"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A SharedStore in a map, which can be switched off. */
  private static final class MapStore implements SharedStore {
    final Map<String, String> entries = new ConcurrentHashMap<>();
    volatile boolean down;

    private void check() {
      if (down) {
        throw new StoreUnavailableException("down", null);
      }
    }

    @Override
    public Optional<String> putIfAbsent(String key, String value, Instant expiresAt) {
      check();
      return Optional.ofNullable(entries.putIfAbsent(key, value));
    }

    @Override
    public Optional<String> get(String key) {
      check();
      return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(String key, String value, Instant expiresAt) {
      check();
      entries.put(key, value);
    }

    @Override
    public void remove(String key) {
      check();
      entries.remove(key);
    }
  }
}
