package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.testing.AuthServerConfigFixtures;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The entry point: configuration errors, metadata responses (F rows), lazy discovery. */
class McpAuthTest {
  private final FakeAuthorizationServer as = new FakeAuthorizationServer();

  @AfterEach
  void close() {
    as.close();
  }

  private McpAuth notes() {
    return McpAuth.builder()
        .protectedResource(
            ResourceServerConfig.builder("https://api.example.com/notes")
                .authorizationServer(
                    AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                .scopesSupported("read:notes", "write:notes")
                .resourceName("Notes")
                .build())
        .build();
  }

  @Test
  void metadataForWhenGetOnTheResourcePathThenTheDocument() {
    try (McpAuth mcpAuth = notes()) {
      HttpResponse r =
          mcpAuth.metadataFor("GET", "/.well-known/oauth-protected-resource/notes").orElseThrow();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body())
          .isEqualTo(
              "{\"resource\":\"https://api.example.com/notes\","
                  + "\"authorization_servers\":[\""
                  + as.issuer()
                  + "\"],\"scopes_supported\":[\"read:notes\",\"write:notes\"],"
                  + "\"bearer_methods_supported\":[\"header\"],\"resource_name\":\"Notes\"}");
      assertThat(r.headers())
          .containsEntry("Content-Type", "application/json")
          .containsEntry("Cache-Control", "public, max-age=3600")
          .containsEntry("Access-Control-Allow-Origin", "*");
      assertThat(as.totalHits()).isZero(); // serving metadata needs no discovery
    }
  }

  @Test
  void metadataForWhenHeadThenNoBodySameHeaders() {
    try (McpAuth mcpAuth = notes()) {
      HttpResponse r =
          mcpAuth.metadataFor("HEAD", "/.well-known/oauth-protected-resource/notes").orElseThrow();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers()).containsEntry("Content-Type", "application/json");
    }
  }

  @Test
  void metadataForWhenOptionsThenCorsPreflight204() {
    try (McpAuth mcpAuth = notes()) {
      HttpResponse r =
          mcpAuth
              .metadataFor("OPTIONS", "/.well-known/oauth-protected-resource/notes")
              .orElseThrow();
      assertThat(r.status()).isEqualTo(204);
      assertThat(r.headers())
          .containsEntry("Access-Control-Allow-Origin", "*")
          .containsEntry("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    }
  }

  @Test
  void metadataForWhenOtherMethodThen405WithAllow() {
    try (McpAuth mcpAuth = notes()) {
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        HttpResponse r =
            mcpAuth
                .metadataFor(method, "/.well-known/oauth-protected-resource/notes")
                .orElseThrow();
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "GET, HEAD, OPTIONS");
      }
    }
  }

  @Test
  void metadataForWhenUnknownSuffixOrRootThenNothing() {
    try (McpAuth mcpAuth = notes()) {
      assertThat(mcpAuth.metadataFor("GET", "/.well-known/oauth-protected-resource/evil"))
          .isEmpty();
      assertThat(mcpAuth.metadataFor("GET", "/.well-known/oauth-protected-resource")).isEmpty();
      assertThat(mcpAuth.metadataFor("GET", "/notes")).isEmpty();
    }
  }

  @Test
  void resourceMetadataUrlIsAbsoluteAndFromConfiguration() {
    try (McpAuth mcpAuth = notes()) {
      assertThat(mcpAuth.resourceMetadataUrl("https://api.example.com/notes"))
          .isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/notes");
      assertThatThrownBy(() -> mcpAuth.resourceMetadataUrl("https://other.example"))
          .isInstanceOf(McpAuthConfigException.class);
    }
  }

  @Test
  void severalResourcesServeTheirOwnDocuments() {
    try (McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://api.example.com")
                    .authorizationServer(AuthServerConfig.discover(as.issuer()))
                    .build())
            .protectedResource(
                ResourceServerConfig.builder("https://api.example.com/mcp")
                    .authorizationServer(AuthServerConfig.discover(as.issuer()))
                    .build())
            .build()) {
      assertThat(mcpAuth.metadataFor("/.well-known/oauth-protected-resource").orElseThrow().body())
          .contains("\"resource\":\"https://api.example.com\"");
      assertThat(
              mcpAuth.metadataFor("/.well-known/oauth-protected-resource/mcp").orElseThrow().body())
          .contains("\"resource\":\"https://api.example.com/mcp\"");
      assertThat(mcpAuth.metadataPaths())
          .containsExactly(
              "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp");
      assertThatThrownBy(() -> mcpAuth.bearerAuth(BearerAuthConfig.builder().build()))
          .hasMessageContaining("several resources");
    }
  }

  @Test
  void buildWhenNoResourceOrDuplicatesThenInvalidServerConfig() {
    assertThatThrownBy(() -> McpAuth.builder().build())
        .hasMessageContaining("invalid_server_config");
    ResourceServerConfig r =
        ResourceServerConfig.builder("https://a.example/mcp")
            .authorizationServer(AuthServerConfig.discover(as.issuer()))
            .build();
    assertThatThrownBy(() -> McpAuth.builder().protectedResource(r).protectedResource(r).build())
        .hasMessageContaining("configured twice");
    assertThatThrownBy(
            () ->
                ResourceServerConfig.builder("https://a.example/mcp")
                    .authorizationServer(AuthServerConfig.discover(as.issuer()))
                    .authorizationServer(
                        AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                    .build())
        .hasMessageContaining("listed twice");
  }

  @Test
  void buildWhenTheSameIssuerIsConfiguredDifferentlyThenError() {
    assertThatThrownBy(
            () ->
                McpAuth.builder()
                    .protectedResource(
                        ResourceServerConfig.builder("https://a.example/1")
                            .authorizationServer(
                                AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                            .build())
                    .protectedResource(
                        ResourceServerConfig.builder("https://a.example/2")
                            .authorizationServer(
                                AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OAUTH))
                            .build())
                    .build())
        .hasMessageContaining("configured differently");
  }

  @Test
  void buildWhenResolvedServerFailsValidationThenRejectedWithItsCodes() {
    AuthServerMetadata noPkce =
        AuthServerConfigFixtures.parse(
            as.metadataJson(as.issuer())
                .replace("\"code_challenge_methods_supported\":[\"S256\"],", ""));
    assertThatThrownBy(
            () ->
                McpAuth.builder()
                    .protectedResource(
                        ResourceServerConfig.builder("https://a.example/1")
                            .authorizationServer(
                                AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, noPkce))
                            .build())
                    .build())
        .isInstanceOfSatisfying(
            McpAuthConfigException.class,
            e ->
                assertThat(e.issues())
                    .extracting(AuthServerMetadata.Validation.Issue::code)
                    .containsExactly(AuthServerMetadata.Validation.Code.PKCE_NOT_SUPPORTED));
  }

  @Test
  void resourceMetadataWhenOfflineAccessOrOtherBearerMethodsThenRejectedUnlessForced() {
    assertThatThrownBy(
            () ->
                ResourceServerConfig.builder("https://a.example/1")
                    .scopesSupported("offline_access")
                    .build())
        .hasMessageContaining("offline_access");
    assertThat(
            ResourceServerConfig.builder("https://a.example/1")
                .scopesSupported("offline_access")
                .advertiseOfflineAccess()
                .build()
                .toProtectedResourceMetadata()
                .scopesSupported())
        .containsExactly("offline_access");
    assertThatThrownBy(
            () ->
                ResourceServerConfig.builder("https://a.example/1")
                    .bearerMethodsSupported("query")
                    .build())
        .hasMessageContaining("bearer_methods_supported");
  }

  @Test
  void resourceMetadataWhenNoServersOrScopesThenThoseMembersAreOmitted() {
    String json =
        ResourceServerConfig.builder("https://a.example/1")
            .build()
            .toProtectedResourceMetadata()
            .toJson();
    assertThat(json)
        .isEqualTo(
            "{\"resource\":\"https://a.example/1\",\"bearer_methods_supported\":[\"header\"]}");
  }

  @Test
  void serverStartsWhileTheAuthorizationServerIsDownThenAnswers503AndRecovers() {
    MutableClock clock = MutableClock.atSystemTime();
    as.respond(path -> new MockResponse.Builder().code(503).build());
    try (McpAuth mcpAuth =
        McpAuth.builder()
            .clock(clock)
            .protectedResource(
                ResourceServerConfig.builder(Fixture.RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                    .build())
            .build()) {
      BearerAuth auth = mcpAuth.bearerAuth(BearerAuthConfig.builder().build());
      String token =
          Tokens.valid(as.issuer(), Fixture.RESOURCE, clock.instant().getEpochSecond()).build();
      Map<String, List<String>> headers = Map.of("Authorization", List.of("Bearer " + token));
      AuthResult down = auth.verify(RequestHeaders.of(headers));
      assertThat(down)
          .isInstanceOfSatisfying(
              AuthResult.Denied.class,
              d -> {
                assertThat(d.status()).isEqualTo(503);
                assertThat(d.headers()).containsKey("Retry-After");
              });
      int attempts = as.totalHits();
      assertThat(auth.verify(RequestHeaders.of(headers))).isInstanceOf(AuthResult.Denied.class);
      assertThat(as.totalHits()).as("no new attempt within the retry interval").isEqualTo(attempts);

      as.serveNormally();
      clock.advance(McpAuth.DEFAULT_DISCOVERY_RETRY.plusMillis(1));
      assertThat(auth.verify(RequestHeaders.of(headers))).isInstanceOf(AuthResult.Authorized.class);
    }
  }

  @Test
  void concurrentFirstRequestsShareOneDiscoveryFetch() throws Exception {
    as.respond(
        path ->
            path.endsWith("openid-configuration")
                ? FakeAuthorizationServer.json(200, as.metadataJson(as.issuer()))
                    .newBuilder()
                    .headersDelay(300, TimeUnit.MILLISECONDS)
                    .build()
                : FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1)));
    try (McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(Fixture.RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                    .build())
            .build()) {
      BearerAuth auth = mcpAuth.bearerAuth(BearerAuthConfig.builder().build());
      String token = Tokens.valid(as.issuer(), Fixture.RESOURCE).build();
      ExecutorService pool = Executors.newFixedThreadPool(20);
      try {
        List<Callable<AuthResult>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          calls.add(
              () ->
                  auth.verify(
                      RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)))));
        }
        for (Future<AuthResult> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
          assertThat(f.get()).isInstanceOf(AuthResult.Authorized.class);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(as.hits("/as/.well-known/openid-configuration")).isEqualTo(1);
      assertThat(as.hits("/as/jwks")).isEqualTo(1);
    }
  }

  @Test
  void discoveredMetadataIsAvailableForCustomVerifiers() {
    try (McpAuth mcpAuth = notes()) {
      assertThat(mcpAuth.authorizationServerMetadata("https://api.example.com/notes", as.issuer()))
          .hasValueSatisfying(m -> assertThat(m.jwksUri()).contains(as.jwksUri()));
      assertThat(
              mcpAuth.authorizationServerMetadata(
                  "https://api.example.com/notes", "https://unknown"))
          .isEmpty();
    }
  }

  @Test
  void bearerAuthWhenResolvedServerHasNoJwksUriThenMissingJwksUriForJwtMode() {
    // A resolved server without jwks_uri fails validation already; the named code is reported.
    AuthServerMetadata noJwks =
        AuthServerConfigFixtures.parse(
            as.metadataJson(as.issuer()).replace("\"jwks_uri\":\"" + as.jwksUri() + "\",", ""));
    assertThatThrownBy(
            () ->
                McpAuth.builder()
                    .protectedResource(
                        ResourceServerConfig.builder("https://a.example/1")
                            .authorizationServer(
                                AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, noJwks))
                            .build())
                    .build())
        .isInstanceOfSatisfying(
            McpAuthConfigException.class,
            e ->
                assertThat(e.issues())
                    .extracting(AuthServerMetadata.Validation.Issue::code)
                    .containsExactly(AuthServerMetadata.Validation.Code.MISSING_JWKS_URI));
  }

  @Test
  void durationsMustBePositive() {
    assertThatThrownBy(() -> McpAuth.builder().discoveryRetryInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
