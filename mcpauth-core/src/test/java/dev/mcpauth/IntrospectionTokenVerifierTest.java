package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

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
    as.respond(path -> {
      if (path.equals("/as/.well-known/openid-configuration")) {
        return FakeAuthorizationServer.json(200, as.metadataJson(as.issuer())
            .replace("{", "{\"introspection_endpoint\":\"" + as.issuer() + "/introspect\","));
      }
      if (path.equals("/as/jwks")) {
        return FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1));
      }
      return path.equals("/as/introspect") ? introspection : new MockResponse.Builder().code(404).build();
    });
    mcpAuth = McpAuth.builder().clock(clock)
        .protectedResource(ResourceServerConfig.builder(RESOURCE)
            .authorizationServer(AuthServerConfig.discover(as.issuer(), AuthServerType.OIDC)).build())
        .build();
    IntrospectionTokenVerifier introspector = IntrospectionTokenVerifier.builder(mcpAuth, RESOURCE, as.issuer())
        .clientCredentials("mcp-server", "s3cret").clock(clock).build();
    auth = mcpAuth.bearerAuth(introspector, BearerAuthConfig.builder().requiredScopes("mcp:read").build());
  }

  @AfterEach
  void close() {
    mcpAuth.close();
    as.close();
  }

  private void activeToken(String extraMembers) {
    long exp = clock.instant().getEpochSecond() + 300;
    introspection = FakeAuthorizationServer.json(200, "{\"active\":true,\"iss\":\"" + as.issuer() + "\","
        + "\"sub\":\"alice\",\"client_id\":\"app\",\"aud\":\"" + RESOURCE + "\",\"scope\":\"mcp:read\","
        + "\"exp\":" + exp + extraMembers + "}");
  }

  private AuthResult verify(String token, String... operationScopes) {
    return auth.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))), List.of(operationScopes));
  }

  private static void assertInvalid(AuthResult result, TokenFailure failure) {
    assertThat(assertDenied(result, 401).wwwAuthenticate().orElseThrow()).contains(failure.description());
  }

  @Test
  void activeTokenIsAuthorizedAndTheResourceServerAuthenticates() throws Exception {
    activeToken("");
    AuthInfo info = assertAuthorized(verify("opaque-1"));
    assertThat(info.subject()).contains("alice");
    assertThat(info.scopes()).containsExactly("mcp:read");
    mockwebserver3.RecordedRequest request = as.lastRequest("/as/introspect");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo(okhttp3.Credentials.basic("mcp-server", "s3cret"));
    assertThat(request.getBody().utf8()).contains("token=opaque-1").contains("token_type_hint=access_token");
  }

  @Test
  void h1InactiveIs401() {
    introspection = FakeAuthorizationServer.json(200, "{\"active\":false}");
    assertInvalid(verify("opaque"), TokenFailure.INACTIVE);
  }

  @Test
  void h2ActiveForAnotherAudienceIs401() {
    introspection = FakeAuthorizationServer.json(200, "{\"active\":true,\"iss\":\"" + as.issuer() + "\",\"sub\":\"a\","
        + "\"aud\":\"https://other\",\"scope\":\"mcp:read\",\"exp\":" + (clock.instant().getEpochSecond() + 300) + "}");
    assertInvalid(verify("opaque"), TokenFailure.AUDIENCE_MISMATCH);
  }

  @Test
  void h3ActiveWithoutTheScopeIs403() {
    activeToken("");
    assertDenied(verify("opaque", "mcp:write"), 403);
  }

  @Test
  void h4ActiveButExpiredIs401() {
    introspection = FakeAuthorizationServer.json(200, "{\"active\":true,\"iss\":\"" + as.issuer() + "\",\"sub\":\"a\","
        + "\"aud\":\"" + RESOURCE + "\",\"scope\":\"mcp:read\",\"exp\":" + (clock.instant().getEpochSecond() - 100) + "}");
    assertInvalid(verify("opaque"), TokenFailure.EXPIRED);
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
    introspection = FakeAuthorizationServer.json(200, "{\"active\":false}"); // revoked at the server
    clock.advance(IntrospectionTokenVerifier.DEFAULT_CACHE_TTL.plusSeconds(1));
    assertInvalid(verify("opaque"), TokenFailure.INACTIVE);
    assertThat(as.hits("/as/introspect")).isEqualTo(2);
  }

  @Test
  void mixedModeVerifiesJwtsLocallyAndIntrospectsTheRest() {
    activeToken("");
    BearerAuth mixed = mcpAuth.bearerAuth(BearerAuthConfig.builder().requiredScopes("mcp:read").build(),
        IntrospectionTokenVerifier.builder(mcpAuth, RESOURCE, as.issuer()).clientCredentials("mcp-server", "x")
            .clientAuthentication(IntrospectionTokenVerifier.ClientAuthentication.POST).build());
    String jwt = Tokens.valid(as.issuer(), RESOURCE, clock.instant().getEpochSecond()).build();
    assertAuthorized(mixed.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + jwt)))));
    assertThat(as.hits("/as/introspect")).isZero();
    assertAuthorized(mixed.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer opaque-token")))));
    assertThat(as.hits("/as/introspect")).isEqualTo(1);
    assertThat(as.lastRequest("/as/introspect").getBody().utf8()).contains("client_id=mcp-server");
    String forged = jwt.substring(0, jwt.length() - 4) + "AAAA";
    assertDenied(mixed.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + forged)))), 401);
    assertThat(as.hits("/as/introspect")).isEqualTo(1);
  }

  @Test
  void concurrentRequestsWithOneTokenShareOneIntrospection() throws Exception {
    activeToken("");
    introspection = introspection.newBuilder().headersDelay(300, java.util.concurrent.TimeUnit.MILLISECONDS).build();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
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
