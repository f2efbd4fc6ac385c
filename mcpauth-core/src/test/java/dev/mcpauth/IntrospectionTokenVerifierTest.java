package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.DpopProofs;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection against a real HTTP endpoint, and security.md §3.8 H. */
class IntrospectionTokenVerifierTest {
  private static final String RESOURCE = "https://mcp.test/mcp";
  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final MutableClock clock = MutableClock.atSystemTime();
  private volatile MockResponse introspection;
  private final McpAuth mcpAuth;
  private final BearerAuth auth;

  IntrospectionTokenVerifierTest() {
    as.respond(
        path -> {
          if (path.equals("/as/.well-known/openid-configuration")) {
            return FakeAuthorizationServer.json(
                200,
                as.metadataJson(as.issuer())
                    .replace(
                        "{", "{\"introspection_endpoint\":\"" + as.issuer() + "/introspect\","));
          }
          if (path.equals("/as/jwks")) {
            return FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1));
          }
          return path.equals("/as/introspect")
              ? introspection
              : new MockResponse.Builder().code(404).build();
        });
    mcpAuth =
        build(
            r ->
                r.introspection(
                    Introspection.builder(as.issuer())
                        .clientCredentials("mcp-server", "s3cret")
                        .build()),
            TokenPolicy.defaults());
    auth = mcpAuth.bearerAuth("mcp:read");
  }

  private McpAuth build(
      java.util.function.UnaryOperator<ResourceServerConfig.Builder> tokens, TokenPolicy policy) {
    return McpAuth.builder()
        .clock(clock)
        .protectedResource(
            tokens
                .apply(
                    ResourceServerConfig.builder(RESOURCE)
                        .authorizationServer(
                            AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                        .tokenPolicy(policy))
                .build())
        .build();
  }

  @AfterEach
  void close() {
    mcpAuth.close();
    as.close();
  }

  private void activeToken(String extraMembers) {
    long exp = clock.instant().getEpochSecond() + 300;
    introspection =
        FakeAuthorizationServer.json(
            200,
            "{\"active\":true,\"iss\":\""
                + as.issuer()
                + "\","
                + "\"sub\":\"alice\",\"client_id\":\"app\",\"aud\":\""
                + RESOURCE
                + "\",\"scope\":\"mcp:read\","
                + "\"exp\":"
                + exp
                + extraMembers
                + "}");
  }

  private AuthResult verify(String token, String... operationScopes) {
    return auth.verify(
        RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))),
        List.of(operationScopes));
  }

  private static void assertInvalid(AuthResult result, DenialReason failure) {
    assertThat(assertDenied(result, 401).wwwAuthenticate().orElseThrow())
        .contains(failure.description());
  }

  @Test
  void activeTokenIsAuthorizedAndTheResourceServerAuthenticates() throws Exception {
    activeToken("");
    AuthInfo info = assertAuthorized(verify("opaque-1"));
    assertThat(info.subject()).contains("alice");
    assertThat(info.scopes()).containsExactly("mcp:read");
    mockwebserver3.RecordedRequest request = as.lastRequest("/as/introspect");
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("mcp-server", "s3cret"));
    assertThat(request.getBody().utf8())
        .contains("token=opaque-1")
        .contains("token_type_hint=access_token");
  }

  @Test
  void basicCredentialsAreFormEncodedFirst() {
    // RFC 6749 §2.3.1: "a:b%c" is sent as "a%3Ab%25c"; the colon separating id and secret stays
    // unique.
    assertThat(IntrospectionTokenVerifier.basic("mcp server", "s:e%c"))
        .isEqualTo(
            "Basic "
                + java.util.Base64.getEncoder().encodeToString("mcp+server:s%3Ae%25c".getBytes()));
  }

  @Test
  void h1InactiveIs401() {
    introspection = FakeAuthorizationServer.json(200, "{\"active\":false}");
    assertInvalid(verify("opaque"), DenialReason.INACTIVE);
  }

  @Test
  void h2ActiveForAnotherAudienceIs401() {
    introspection =
        FakeAuthorizationServer.json(
            200,
            "{\"active\":true,\"iss\":\""
                + as.issuer()
                + "\",\"sub\":\"a\","
                + "\"aud\":\"https://other\",\"scope\":\"mcp:read\",\"exp\":"
                + (clock.instant().getEpochSecond() + 300)
                + "}");
    assertInvalid(verify("opaque"), DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void h3ActiveWithoutTheScopeIs403() {
    activeToken("");
    assertDenied(verify("opaque", "mcp:write"), 403);
  }

  @Test
  void h4ActiveButExpiredIs401() {
    introspection =
        FakeAuthorizationServer.json(
            200,
            "{\"active\":true,\"iss\":\""
                + as.issuer()
                + "\",\"sub\":\"a\","
                + "\"aud\":\""
                + RESOURCE
                + "\",\"scope\":\"mcp:read\",\"exp\":"
                + (clock.instant().getEpochSecond() - 100)
                + "}");
    assertInvalid(verify("opaque"), DenialReason.EXPIRED);
  }

  @Test
  void h5EndpointDownIs503AndNotRemembered() {
    introspection = new MockResponse.Builder().code(500).build();
    assertThat(assertDenied(verify("opaque"), 503).headers()).containsKey("Retry-After");
    activeToken("");
    assertAuthorized(verify("opaque"));
  }

  @Test
  void h6MalformedResponsesAreRefused() {
    for (String body : List.of("not json", "{\"active\":\"true\"}", "{}", "[true]")) {
      introspection = FakeAuthorizationServer.json(200, body);
      assertDenied(verify("opaque-" + body.length()), 401);
    }
  }

  @Test
  void h7ResultsAreRememberedNoLongerThanTheTtl() {
    activeToken("");
    assertAuthorized(verify("opaque"));
    assertAuthorized(verify("opaque"));
    assertThat(as.hits("/as/introspect")).isEqualTo(1);
    introspection =
        FakeAuthorizationServer.json(200, "{\"active\":false}"); // revoked at the server
    clock.advance(Introspection.DEFAULT_CACHE_TTL.plusSeconds(1));
    assertInvalid(verify("opaque"), DenialReason.INACTIVE);
    assertThat(as.hits("/as/introspect")).isEqualTo(2);
  }

  @Test
  void mixedModeVerifiesJwtsLocallyAndIntrospectsTheRest() {
    activeToken("");
    try (McpAuth mixedAuth =
        build(
            r ->
                r.introspectOpaqueTokens(
                    Introspection.builder(as.issuer())
                        .clientCredentials("mcp-server", "x")
                        .clientAuthentication(Introspection.ClientAuthentication.POST)
                        .build()),
            TokenPolicy.defaults())) {
      BearerAuth mixed = mixedAuth.bearerAuth("mcp:read");
      String jwt = Tokens.valid(as.issuer(), RESOURCE, clock.instant().getEpochSecond()).build();
      assertAuthorized(
          mixed.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + jwt)))));
      assertThat(as.hits("/as/introspect")).isZero();
      assertAuthorized(
          mixed.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer opaque-token")))));
      assertThat(as.hits("/as/introspect")).isEqualTo(1);
      assertThat(as.lastRequest("/as/introspect").getBody().utf8())
          .contains("client_id=mcp-server");
      String forged = jwt.substring(0, jwt.length() - 4) + "AAAA";
      assertDenied(
          mixed.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + forged)))),
          401);
      String expired =
          Tokens.valid(as.issuer(), RESOURCE, clock.instant().getEpochSecond() - 7200).build();
      assertDenied(
          mixed.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + expired)))),
          401);
      assertThat(as.hits("/as/introspect"))
          .isEqualTo(1); // neither a forged nor an expired JWT reaches it
    }
  }

  @Test
  void inactiveAnswersAreRememberedBrieflySoGarbageDoesNotFloodTheServer() {
    introspection = FakeAuthorizationServer.json(200, "{\"active\":false}");
    for (int i = 0; i < 5; i++) {
      assertInvalid(verify("garbage"), DenialReason.INACTIVE);
    }
    assertThat(as.hits("/as/introspect")).isEqualTo(1);
    clock.advance(Introspection.DEFAULT_NEGATIVE_CACHE_TTL.plusSeconds(1));
    assertInvalid(verify("garbage"), DenialReason.INACTIVE);
    assertThat(as.hits("/as/introspect")).isEqualTo(2);
  }

  @Test
  void anExpiryBeyondAnyNumericDateIsRefusedNotWrapped() {
    introspection =
        FakeAuthorizationServer.json(
            200,
            "{\"active\":true,\"iss\":\""
                + as.issuer()
                + "\","
                + "\"sub\":\"a\",\"aud\":\""
                + RESOURCE
                + "\",\"scope\":\"mcp:read\",\"exp\":18446744073709551716}");
    assertInvalid(verify("opaque-huge-exp"), DenialReason.INVALID_CLAIM);
  }

  @Test
  void aDpopBoundIntrospectedTokenPresentedAsBearerIsRefused() {
    activeToken(
        ",\"token_type\":\"DPoP\",\"cnf\":{\"jkt\":\"" + DpopProofs.jkt(TestKeys.EC1) + "\"}");
    AuthResult.Denied denied = assertDenied(verify("bound-opaque"), 401);
    assertThat(denied.reason()).isEqualTo(DenialReason.BOUND_TOKEN_WITHOUT_PROOF);
  }

  @Test
  void aCertificateBoundTokenIsRefusedBecauseThatBindingIsNotSupported() {
    activeToken(",\"cnf\":{\"x5t#S256\":\"abc\"}");
    assertThat(assertDenied(verify("mtls-opaque"), 401).reason())
        .isEqualTo(DenialReason.BINDING_MISMATCH);
  }

  @Test
  void dpopWorksWithIntrospection() {
    activeToken(
        ",\"token_type\":\"DPoP\",\"cnf\":{\"jkt\":\"" + DpopProofs.jkt(TestKeys.EC1) + "\"}");
    try (McpAuth dpopAuth =
        build(
            r ->
                r.introspection(
                    Introspection.builder(as.issuer())
                        .clientCredentials("mcp-server", "s3cret")
                        .build()),
            TokenPolicy.builder().dpop(DpopSettings.defaults()).build())) {
      BearerAuth bound = dpopAuth.bearerAuth("mcp:read");
      String token = "bound-opaque-2";
      Map<String, List<String>> headers =
          Map.of(
              "Authorization",
              List.of("DPoP " + token),
              "DPoP",
              List.of(DpopProofs.proof(TestKeys.EC1, "POST", RESOURCE, token).build()));
      assertAuthorized(bound.verify(RequestHeaders.of(headers).withRequestLine("POST", "/mcp")));
      Map<String, List<String>> otherKey =
          Map.of(
              "Authorization",
              List.of("DPoP " + token),
              "DPoP",
              List.of(DpopProofs.proof(TestKeys.ec("other"), "POST", RESOURCE, token).build()));
      AuthResult.Denied denied =
          assertDenied(
              bound.verify(RequestHeaders.of(otherKey).withRequestLine("POST", "/mcp")), 401);
      assertThat(denied.reason()).isEqualTo(DenialReason.BINDING_MISMATCH);
      assertThat(denied.wwwAuthenticate().orElseThrow())
          .contains("DPoP error=\"invalid_token\"")
          .doesNotContain("Bearer token");
    }
  }

  @Test
  void aDiscoveredHttpIntrospectionEndpointOffLoopbackGetsNoSecret() {
    as.respond(
        path ->
            path.equals("/as/.well-known/openid-configuration")
                ? FakeAuthorizationServer.json(
                    200,
                    as.metadataJson(as.issuer())
                        .replace(
                            "{",
                            "{\"introspection_endpoint\":\"http://auth.example.com/introspect\","))
                : new MockResponse.Builder().code(404).build());
    // Retrying will not help until the authorization server's metadata changes: 500, not 503.
    AuthResult.Denied denied = assertDenied(verify("opaque-insecure"), 500);
    assertThat(denied.reason()).isEqualTo(DenialReason.MISCONFIGURED);
    assertThat(denied.headers()).doesNotContainKey("Retry-After");
  }

  @Test
  void anHttpIntrospectionEndpointOffLoopbackIsRefusedAtConfiguration() {
    McpAuthConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            McpAuthConfigException.class,
            () ->
                Introspection.builder(as.issuer()).endpoint("http://auth.example.com/introspect"));
    assertThat(e.code()).isEqualTo(McpAuthConfigException.Code.INSECURE_URL);
  }

  @Test
  void concurrentIntrospectionsOfDifferentTokensNeverShareAnAnswer() throws Exception {
    // Two tokens that share everything after their second dot (the old in-flight key).
    introspection = null;
    as.respond(
        path -> {
          if (path.equals("/as/.well-known/openid-configuration")) {
            return FakeAuthorizationServer.json(
                200,
                as.metadataJson(as.issuer())
                    .replace(
                        "{", "{\"introspection_endpoint\":\"" + as.issuer() + "/introspect\","));
          }
          return new MockResponse.Builder().code(404).build();
        });
    as.respondToRequest(
        request -> {
          String body = request.getBody().utf8();
          String sub = body.contains("victim") ? "victim" : "attacker";
          long exp = clock.instant().getEpochSecond() + 300;
          return FakeAuthorizationServer.json(
                  200,
                  "{\"active\":true,\"iss\":\""
                      + as.issuer()
                      + "\",\"sub\":\""
                      + sub
                      + "\",\"aud\":\""
                      + RESOURCE
                      + "\",\"scope\":\"mcp:read\",\"exp\":"
                      + exp
                      + "}")
              .newBuilder()
              .headersDelay(200, java.util.concurrent.TimeUnit.MILLISECONDS)
              .build();
        });
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<AuthResult> victim = pool.submit(() -> verify("victim.part.S"));
      java.util.concurrent.Future<AuthResult> attacker =
          pool.submit(() -> verify("attacker.forged.S"));
      assertThat(assertAuthorized(victim.get(20, java.util.concurrent.TimeUnit.SECONDS)).subject())
          .contains("victim");
      assertThat(
              assertAuthorized(attacker.get(20, java.util.concurrent.TimeUnit.SECONDS)).subject())
          .contains("attacker");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentRequestsWithOneTokenShareOneIntrospection() throws Exception {
    activeToken("");
    introspection =
        introspection
            .newBuilder()
            .headersDelay(300, java.util.concurrent.TimeUnit.MILLISECONDS)
            .build();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<AuthResult>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> verify("shared")));
      }
      for (java.util.concurrent.Future<AuthResult> r : results) {
        assertAuthorized(r.get(20, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(as.hits("/as/introspect")).isEqualTo(1);
  }
}
