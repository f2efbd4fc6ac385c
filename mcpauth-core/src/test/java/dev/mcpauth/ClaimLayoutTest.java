package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where providers put scopes, the client id and the audience: each layout is refused (or not granted)
 * with the defaults and accepted with its named setting, which never weakens anything else.
 */
class ClaimLayoutTest {

  private static AuthResult verify(Fixture f, String token, String... scopes) {
    return f.auth.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))), List.of(scopes));
  }

  @Test
  void entraDelegatedAndApplicationScopesAreUnitedFromScpAndRoles() {
    try (Fixture strict = new Fixture(); Fixture entra = new Fixture(p -> p.scopeClaims("scp", "roles"),
        Clock.systemUTC())) {
      String token = strict.valid().without("scope").claim("scp", "mcp:read").claim("roles", List.of("Notes.Write"))
          .build();
      assertDenied(verify(strict, token), 403); // the default reads only "scope"
      String same = entra.valid().without("scope").claim("scp", "mcp:read").claim("roles", List.of("Notes.Write"))
          .build();
      assertThat(assertAuthorized(verify(entra, same, "Notes.Write")).scopes()).containsExactly("mcp:read", "Notes.Write");
      String broken = entra.valid().without("scope").claim("scp", "mcp:read").claim("roles", 7).build();
      assertInvalidToken(verify(entra, broken), DenialReason.INVALID_CLAIM);
    }
  }

  @Test
  void auth0PermissionsAreScopes() {
    try (Fixture auth0 = new Fixture(p -> p.scopeClaims("scope", "permissions"), Clock.systemUTC())) {
      String token = auth0.valid().claim("scope", "openid mcp:read").claim("permissions", List.of("write:notes"))
          .build();
      assertAuthorized(verify(auth0, token, "write:notes"));
    }
  }

  @Test
  void oktaAndEntraV1ClientIdsAreReadFromTheirClaims() {
    try (Fixture strict = new Fixture(); Fixture okta = new Fixture(p -> p.clientIdClaims("client_id", "cid", "appid"),
        Clock.systemUTC())) {
      assertThat(assertAuthorized(verify(strict, strict.valid().without("client_id").claim("cid", "okta-app").build())).clientId())
          .isEmpty();
      assertThat(assertAuthorized(verify(okta, okta.valid().without("client_id").claim("cid", "okta-app").build())).clientId())
          .contains("okta-app");
      assertThat(assertAuthorized(verify(okta, okta.valid().without("client_id").claim("appid", "entra-v1-app").build())).clientId())
          .contains("entra-v1-app");
    }
  }

  @Test
  void cognitoTokensWithoutAudIdentifyTheClientInstead() {
    try (Fixture strict = new Fixture(); Fixture cognito = new Fixture(p -> p.acceptClientIdsAsAudience("cognito-app"),
        Clock.systemUTC())) {
      assertInvalidToken(verify(strict, strict.valid().without("aud").claim("client_id", "cognito-app").build()),
          DenialReason.AUDIENCE_MISMATCH);
      assertAuthorized(verify(cognito, cognito.valid().without("aud").claim("client_id", "cognito-app").build()));
      assertInvalidToken(verify(cognito, cognito.valid().without("aud").claim("client_id", "other-app").build()),
          DenialReason.AUDIENCE_MISMATCH);
      // The weakening is about aud only: a token for another resource from another client is still refused.
      assertInvalidToken(verify(cognito, cognito.valid().claim("aud", "https://other.example")
          .claim("client_id", "other-app").build()), DenialReason.AUDIENCE_MISMATCH);
    }
  }
}
