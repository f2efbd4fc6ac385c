package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whole challenge strings, as clients parse them. */
class BearerChallengeTest {
  private static final String PRM = "https://mcp.test/.well-known/oauth-protected-resource/mcp";
  private final BearerChallenge challenge = new BearerChallenge(PRM, Optional.empty(), false);

  @Test
  void missingCredentialsWhenScopesConfiguredThenResourceMetadataThenScopeAndNoError() {
    AuthResult.Denied d = challenge.missingCredentials(List.of("a", "b"));
    assertThat(d.wwwAuthenticate())
        .contains("Bearer resource_metadata=\"" + PRM + "\", scope=\"a b\"");
    assertThat(d.headers())
        .containsEntry("Access-Control-Expose-Headers", "WWW-Authenticate")
        .containsEntry("Content-Type", "application/json")
        .containsEntry("Cache-Control", "no-store");
  }

  @Test
  void missingCredentialsWhenNoScopesThenNoScopeParameter() {
    assertThat(challenge.missingCredentials(List.of()).wwwAuthenticate())
        .contains("Bearer resource_metadata=\"" + PRM + "\"");
  }

  @Test
  void realmWhenConfiguredThenFirstAndEscaped() {
    BearerChallenge withRealm =
        new BearerChallenge(PRM, Optional.of("my \"realm\" \\ x\r\n"), false);
    assertThat(withRealm.missingCredentials(List.of()).wwwAuthenticate())
        .contains("Bearer realm=\"my \\\"realm\\\" \\\\ x\", resource_metadata=\"" + PRM + "\"");
  }

  @Test
  void resourceMetadataWhenItNeedsEscapingThenQuotedStringRules() {
    BearerChallenge odd = new BearerChallenge("https://x.test/a\"b", Optional.empty(), false);
    assertThat(odd.invalidToken(DenialReason.EXPIRED, Optional.empty()).wwwAuthenticate())
        .contains(
            "Bearer error=\"invalid_token\", error_description=\"The access token has expired.\", "
                + "resource_metadata=\"https://x.test/a\\\"b\"");
  }

  @Test
  void everyFailureDescriptionIsInTheRfc6750CharacterSet() {
    for (DenialReason f : DenialReason.values()) {
      assertThat(f.description()).matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    }
  }

  @Test
  void unavailableWhenRetryAfterGivenThen503WithoutChallengeAndWithRetryAfter() {
    AuthResult.Denied d = challenge.unavailable("jwks down", Duration.ofSeconds(7));
    assertThat(d.status()).isEqualTo(503);
    assertThat(d.wwwAuthenticate()).isEmpty();
    assertThat(d.headers()).containsEntry("Retry-After", "7").doesNotContainKey("WWW-Authenticate");
    assertThat(d.body()).doesNotContain("jwks down");
  }

  @Test
  void detailsWhenShownThenOnlyInTheBody() {
    BearerChallenge verbose = new BearerChallenge(PRM, Optional.empty(), true);
    AuthResult.Denied d =
        verbose.invalidToken(DenialReason.AUDIENCE_MISMATCH, Optional.of("expected \"x\""));
    assertThat(d.body()).contains("\"cause\":\"expected \\\"x\\\"\"");
    assertThat(d.wwwAuthenticate().orElseThrow()).doesNotContain("expected");
  }
}
