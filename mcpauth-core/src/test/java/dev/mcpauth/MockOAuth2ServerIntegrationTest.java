package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import no.nav.security.mock.oauth2.token.RequestMapping;
import no.nav.security.mock.oauth2.token.RequestMappingTokenCallback;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Positive controls with a real authorization server (in-JVM mock-oauth2-server) over real HTTP.
 */
class MockOAuth2ServerIntegrationTest {
  private static final String RESOURCE = "http://127.0.0.1:3001/mcp";
  private static MockOAuth2Server server;
  private static String issuer;

  @BeforeAll
  static void start() throws IOException {
    RequestMappingTokenCallback byResource =
        new RequestMappingTokenCallback(
            "default",
            List.of(
                new RequestMapping(
                    "resource",
                    RESOURCE,
                    Map.of(
                        "aud",
                        List.of(RESOURCE),
                        "scope",
                        "mcp:read mcp:write",
                        "sub",
                        "svc-client",
                        "client_id",
                        "svc-client"),
                    "at+jwt")),
            300L);
    server =
        new MockOAuth2Server(
            new OAuth2Config(
                false,
                null,
                null,
                false,
                new OAuth2TokenProvider(),
                Set.<OAuth2TokenCallback>of(byResource)));
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    issuer = server.issuerUrl("default").toString();
  }

  @AfterAll
  static void stop() {
    server.shutdown();
  }

  private static McpAuth mcpAuth(AuthServerConfig config) {
    return mcpAuth(config, r -> r);
  }

  private static McpAuth mcpAuth(
      AuthServerConfig config,
      java.util.function.UnaryOperator<ResourceServerConfig.Builder> tokens) {
    return McpAuth.builder()
        // A real server that starts cold on a busy CI machine: allow it more than the 5 s default.
        .fetchLimits(FetchLimits.builder().callTimeout(java.time.Duration.ofSeconds(20)).build())
        .protectedResource(
            tokens
                .apply(
                    ResourceServerConfig.builder(RESOURCE)
                        .authorizationServer(config)
                        .scopesSupported("mcp:read", "mcp:write"))
                .build())
        .build();
  }

  private static AuthResult verify(BearerAuth auth, String token) {
    return auth.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))));
  }

  @Test
  void tokenIssuedForTheResourceIsAuthorizedThroughLazyOidcDiscovery() {
    try (McpAuth mcpAuth = mcpAuth(AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))) {
      BearerAuth auth =
          mcpAuth.bearerAuth(BearerAuthConfig.builder().requiredScopes("mcp:read").build());
      String token =
          server
              .issueToken(
                  "default",
                  "client-x",
                  new DefaultOAuth2TokenCallback(
                      "default",
                      "alice",
                      "at+jwt",
                      List.of(RESOURCE),
                      Map.of("scope", "mcp:read"),
                      120L))
              .serialize();
      AuthInfo info = assertAuthorized(verify(auth, token));
      assertThat(info.issuer()).isEqualTo(issuer);
      assertThat(info.subject()).contains("alice");
      assertThat(info.scopes()).containsExactly("mcp:read");
      assertThat(info.resource()).contains(RESOURCE);
    }
  }

  @Test
  void clientCredentialsTokenWithTheResourceIndicatorIsAuthorized() throws IOException {
    String token;
    OkHttpClient http = new OkHttpClient();
    try (Response response =
        http.newCall(
                new Request.Builder()
                    .url(server.tokenEndpointUrl("default"))
                    .header("Authorization", Credentials.basic("svc-client", "secret"))
                    .post(
                        new FormBody.Builder()
                            .add("grant_type", "client_credentials")
                            .add("resource", RESOURCE)
                            .add("scope", "mcp:read")
                            .build())
                    .build())
            .execute()) {
      assertThat(response.code()).isEqualTo(200);
      token =
          JsonParser.parseString(response.body().string())
              .getAsJsonObject()
              .get("access_token")
              .getAsString();
    }
    try (McpAuth mcpAuth =
        mcpAuth(
            AuthServerConfig.discover(issuer),
            r -> r.tokenPolicy(TokenPolicy.builder().requireAccessTokenProfile().build()))) {
      BearerAuth strict = mcpAuth.bearerAuth("mcp:write");
      AuthResult result = verify(strict, token);
      if (result instanceof AuthResult.Denied) {
        // RFC 9068 also needs iat and jti: mock-oauth2-server issues both, so this must pass.
        throw new AssertionError(((AuthResult.Denied) result).body());
      }
      assertThat(assertAuthorized(result).clientId()).contains("svc-client");
    }
  }

  @Test
  void tokenWithTheServersDefaultAudienceIsRejected() {
    try (McpAuth mcpAuth = mcpAuth(AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))) {
      BearerAuth auth = mcpAuth.bearerAuth(BearerAuthConfig.builder().build());
      String token =
          server
              .issueToken(
                  "default",
                  "client-x",
                  new DefaultOAuth2TokenCallback(
                      "default", "alice", "JWT", List.of("default"), Map.of(), 120L))
              .serialize();
      AuthResult.Denied denied = assertDenied(verify(auth, token), 401);
      assertThat(denied.wwwAuthenticate().orElseThrow())
          .contains(DenialReason.AUDIENCE_MISMATCH.description())
          .contains(
              "resource_metadata=\"http://127.0.0.1:3001/.well-known/oauth-protected-resource/mcp\"");
    }
  }

  @Test
  void tokenFromAnotherIssuerOnTheSameServerIsRejectedWithoutFetchingIt() {
    try (McpAuth mcpAuth = mcpAuth(AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))) {
      BearerAuth auth = mcpAuth.bearerAuth(BearerAuthConfig.builder().build());
      String token =
          server
              .issueToken(
                  "other",
                  "client-x",
                  new DefaultOAuth2TokenCallback(
                      "other", "alice", "at+jwt", List.of(RESOURCE), Map.of(), 120L))
              .serialize();
      assertThat(((AuthResult.Denied) verify(auth, token)).wwwAuthenticate().orElseThrow())
          .contains(DenialReason.UNTRUSTED_ISSUER.description());
    }
  }

  @Test
  void introspectionAtTheRealEndpointAuthorizesItsTokens() {
    try (McpAuth mcpAuth =
        mcpAuth(
            AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC),
            r ->
                r.introspection(
                    Introspection.builder(issuer)
                        .clientCredentials("mcp-server", "secret")
                        .build()))) {
      BearerAuth auth = mcpAuth.bearerAuth("mcp:read");
      String token =
          server
              .issueToken(
                  "default",
                  "client-x",
                  new DefaultOAuth2TokenCallback(
                      "default",
                      "alice",
                      "JWT",
                      List.of(RESOURCE),
                      Map.of("scope", "mcp:read"),
                      120L))
              .serialize();
      AuthInfo info = assertAuthorized(verify(auth, token));
      assertThat(info.subject()).contains("alice");
      assertThat(info.issuer()).isEqualTo(issuer);
      String elsewhere =
          server
              .issueToken(
                  "default",
                  "client-x",
                  new DefaultOAuth2TokenCallback(
                      "default",
                      "alice",
                      "JWT",
                      List.of("https://other.example"),
                      Map.of("scope", "mcp:read"),
                      120L))
              .serialize();
      assertThat(((AuthResult.Denied) verify(auth, elsewhere)).wwwAuthenticate().orElseThrow())
          .contains(DenialReason.AUDIENCE_MISMATCH.description());
      assertThat(verify(auth, "not-a-token-this-server-issued"))
          .isInstanceOf(AuthResult.Denied.class);
    }
  }

  @Test
  void automaticDiscoveryFallsBackToTheUrlThisProviderServes() {
    AuthServerConfig.Resolved resolved = AuthServerDiscovery.create().fetchAuto(issuer);
    assertThat(resolved.issuer()).isEqualTo(issuer);
    assertThat(resolved.type()).isEqualTo(AuthServerConfig.Type.OIDC);
    AuthServerMetadata.Validation validation =
        AuthServerMetadata.Validation.of(resolved.metadata(), true);
    assertThat(validation.isValid()).isTrue();
    assertThat(validation.warnings())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(AuthServerMetadata.Validation.Code.DYNAMIC_REGISTRATION_NOT_SUPPORTED);
  }
}
