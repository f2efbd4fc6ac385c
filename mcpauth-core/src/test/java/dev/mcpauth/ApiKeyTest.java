package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys next to OAuth, as an explicit opt-in that never weakens the Bearer path. */
class ApiKeyTest {
  private static final TokenVerifier KEYS =
      key ->
          key.equals("k-123")
              ? TokenVerifier.Result.verified(
                  AuthInfo.builder(key, "api-keys")
                      .subject("batch-job")
                      .scopes(List.of("mcp:read"))
                      .expiresAt(Instant.now().plusSeconds(3600))
                      .build())
              : TokenVerifier.Result.rejected(DenialReason.INACTIVE, null);

  private static AuthResult send(Fixture f, Map<String, List<String>> headers, String... scopes) {
    return f.auth.verify(RequestHeaders.of(headers), List.of(scopes));
  }

  @Test
  void aValidKeyIsAuthorizedWithItsScopesAndAWrongOneLooksLikeNoCredentials() {
    try (Fixture f =
        new Fixture(
            (r, as) -> r.apiKeys("X-API-Key", KEYS),
            p -> p,
            Clock.systemUTC(),
            JwksSettings.defaults())) {
      assertThat(assertAuthorized(send(f, Map.of("X-API-Key", List.of("k-123")))).subject())
          .contains("batch-job");
      assertThat(
              assertDenied(send(f, Map.of("X-API-Key", List.of("k-123")), "mcp:write"), 403)
                  .reason())
          .isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
      AuthResult.Denied wrong = assertDenied(send(f, Map.of("X-API-Key", List.of("nope"))), 401);
      AuthResult.Denied none = assertDenied(send(f, Map.of()), 401);
      assertThat(wrong.wwwAuthenticate()).isEqualTo(none.wwwAuthenticate());
      assertThat(wrong.wwwAuthenticate().orElseThrow()).doesNotContainIgnoringCase("api");
      assertThat(f.mcpAuth.resources().get(0).toProtectedResourceMetadata().toJson())
          .doesNotContainIgnoringCase("api");
      // The Bearer path is unchanged, and both at once are refused.
      assertAuthorized(f.verifyToken(f.valid().build()));
      assertDenied(
          send(
              f,
              Map.of(
                  "X-API-Key",
                  List.of("k-123"),
                  "Authorization",
                  List.of("Bearer " + f.valid().build()))),
          400);
    }
  }

  @Test
  void withoutTheOptInTheHeaderMeansNothing() {
    try (Fixture f = new Fixture()) {
      assertThat(assertDenied(send(f, Map.of("X-API-Key", List.of("k-123"))), 401).reason())
          .isEqualTo(DenialReason.MISSING_CREDENTIALS);
    }
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> ResourceServerConfig.builder(Fixture.RESOURCE).apiKeys("Authorization", KEYS));
  }
}
