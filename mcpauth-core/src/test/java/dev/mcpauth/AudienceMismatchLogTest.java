package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A token for another resource is refused, and the operator is told the token's {@code aud} next to
 * what this resource expects, at most once per interval, never the token.
 */
class AudienceMismatchLogTest {

  @Test
  void theTokensAudienceIsLoggedNextToTheExpectedResourceRateLimited() {
    try (Fixture f = new Fixture()) {
      String token = f.valid().claim("aud", "http://localhost:3001/mcp").build();
      String log =
          IssuerNearMissLogTest.logOf(
              err -> {
                Fixture.assertInvalidToken(f.verifyToken(token), DenialReason.AUDIENCE_MISMATCH);
                Fixture.assertInvalidToken(
                    f.verifyToken(
                        f.valid()
                            .claim("aud", "https://other.example/mcp")
                            .claim("jti", "2")
                            .build()),
                    DenialReason.AUDIENCE_MISMATCH);
              });
      assertThat(log)
          .contains(
              "a token for audience [\"http://localhost:3001/mcp\"] is refused: this resource"
                  + " expects [\""
                  + Fixture.RESOURCE
                  + "\"] (the client must ask its authorization server for a token for this"
                  + " resource, RFC 8707 resource parameter")
          .doesNotContain("https://other.example/mcp") // within the interval: DEBUG only
          .doesNotContain(token);
    }
  }

  @Test
  void aTokenForThisResourceLogsNothing() {
    try (Fixture f = new Fixture()) {
      String log =
          IssuerNearMissLogTest.logOf(
              err -> Fixture.assertAuthorized(f.verifyToken(f.valid().build())));
      assertThat(log).doesNotContain("is refused");
    }
  }
}
