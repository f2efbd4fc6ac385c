package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.Tokens;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Tokens shaped like each provider's real access tokens (signed by a test key): refused with the
 * strict defaults, accepted with the configuration docs/configure-server.md gives for that
 * provider.
 */
class ProviderProfilesTest {
  private static final String CLIENT = "0e0a6c8f-3b1d-4c5e-9f00-1c2d3e4f5a6b";

  private record Case(
      String provider,
      UnaryOperator<Tokens.Builder> shape,
      UnaryOperator<TokenPolicy.Builder> config,
      List<String> needed) {}

  private static final List<Case> CASES =
      List.of(
          new Case(
              "Keycloak without RFC 8707 (audience mapper adds the client)",
              t ->
                  t.claim("aud", List.of("mcp-notes", "account"))
                      .claim("azp", "mcp-client")
                      .without("client_id")
                      .claim("typ", "Bearer")
                      .claim("scope", "openid mcp:read"),
              p -> p.audience("mcp-notes"),
              List.of("mcp:read")),
          new Case(
              "Auth0 (API identifier in aud, RBAC permissions)",
              t ->
                  t.claim("aud", List.of("https://notes-api", "https://tenant.auth0.com/userinfo"))
                      .claim("scope", "openid profile")
                      .claim("permissions", List.of("mcp:read"))
                      .claim("azp", "app"),
              p -> p.audience("https://notes-api").scopeClaims("scope", "permissions"),
              List.of("mcp:read")),
          new Case(
              "Entra ID v2 (client id GUID in aud, scp and roles)",
              t ->
                  t.claim("aud", CLIENT)
                      .without("scope")
                      .claim("scp", "Notes.Read")
                      .claim("roles", List.of("Notes.Admin"))
                      .claim("azp", "caller-app")
                      .claim("ver", "2.0"),
              p -> p.audience(CLIENT).scopeClaims("scp", "roles"),
              List.of("Notes.Read", "Notes.Admin")),
          new Case(
              "Entra ID v1 (App ID URI in aud, appid)",
              t ->
                  t.claim("aud", "api://notes")
                      .without("scope")
                      .claim("scp", "Notes.Read")
                      .without("client_id")
                      .claim("appid", "caller-app")
                      .claim("ver", "1.0"),
              p -> p.audience("api://notes").scopeClaims("scp", "roles").clientIdClaims("appid"),
              List.of("Notes.Read")),
          new Case(
              "Okta (api://default, scp array, cid)",
              t ->
                  t.claim("aud", "api://default")
                      .without("scope")
                      .claim("scp", List.of("mcp:read"))
                      .without("client_id")
                      .claim("cid", "okta-app"),
              p -> p.audience("api://default").scopeClaims("scp").clientIdClaims("cid"),
              List.of("mcp:read")),
          new Case(
              "Amazon Cognito (no aud, client_id, token_use)",
              t ->
                  t.without("aud")
                      .claim("client_id", "cognito-app")
                      .claim("token_use", "access")
                      .claim("scope", "mcp:read"),
              p -> p.acceptClientIdsAsAudience("cognito-app"),
              List.of("mcp:read")),
          new Case(
              "Spring Authorization Server (aud is the client id as a string, scope array, no"
                  + " client_id or azp, no typ)",
              t ->
                  t.claim("aud", "spring-client")
                      .claim("scope", List.of("mcp:read"))
                      .without("client_id"),
              p -> p.audience("spring-client"),
              List.of("mcp:read")));

  @Test
  void eachProviderShapeIsRefusedByDefaultAndAcceptedWithItsDocumentedConfiguration() {
    for (Case c : CASES) {
      try (Fixture strict = new Fixture();
          Fixture configured = new Fixture(c.config(), Clock.systemUTC())) {
        AuthResult refused =
            strict
                .mcpAuth
                .bearerAuth()
                .verify(bearer(c.shape().apply(strict.valid()).build()), c.needed());
        assertThat(refused)
            .as(c.provider() + " with the defaults")
            .isInstanceOf(AuthResult.Denied.class);
        AuthResult accepted =
            configured
                .mcpAuth
                .bearerAuth()
                .verify(bearer(c.shape().apply(configured.valid()).build()), c.needed());
        assertThat(accepted)
            .as(c.provider() + " configured")
            .isInstanceOf(AuthResult.Authorized.class);
      }
    }
  }

  @Test
  void logtoSupportsResourceIndicatorsSoTheStrictDefaultsAccept() {
    try (Fixture strict = new Fixture()) {
      String token =
          strict.valid().claim("scope", "mcp:read").claim("client_id", "logto-app").build();
      assertThat(strict.auth.verify(bearer(token))).isInstanceOf(AuthResult.Authorized.class);
    }
  }

  private static RequestHeaders bearer(String token) {
    return RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)));
  }
}
