package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** security.md §3.3 C: claims, time and format. */
class ClaimsCatalogueTest {
  private final MutableClock clock = MutableClock.atSystemTime();
  private final Fixture f = new Fixture(b -> b, clock);
  private final long now = clock.instant().getEpochSecond();

  @AfterEach
  void close() {
    f.close();
  }

  private String raw(String claimsJson) {
    return Tokens.sign(f.valid().headerJson(), claimsJson, TestKeys.K1.getPrivateKey(), "RS256");
  }

  @Test
  void c01ExpiredTokenIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("exp", now - 3600).build()), DenialReason.EXPIRED);
  }

  @Test
  void c02ExpiryWithinTheSkewIsAccepted() {
    assertAuthorized(f.verifyToken(f.valid().claim("exp", now - 30).build()));
  }

  @Test
  void c03ExpiryJustBeyondTheSkewIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("exp", now - 61).build()), DenialReason.EXPIRED);
  }

  @Test
  void c04MissingExpIsRejected() {
    assertInvalidToken(f.verifyToken(f.valid().without("exp").build()), DenialReason.INVALID_CLAIM);
  }

  @Test
  void c05NotBeforeInTheFutureIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("nbf", now + 600).build()), DenialReason.NOT_YET_VALID);
    assertAuthorized(f.verifyToken(f.valid().claim("nbf", now + 30).build()));
  }

  @Test
  void c06IssuedFarInTheFutureIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("iat", now + 86_400).claim("exp", now + 90_000).build()),
        DenialReason.ISSUED_IN_FUTURE);
  }

  @Test
  void c07MissingProfileClaimsAreRejectedUnderRfc9068() {
    try (Fixture strict = new Fixture(TokenPolicy.Builder::requireAccessTokenProfile, clock)) {
      assertAuthorized(strict.verifyToken(strict.valid().build()));
      for (String claim : List.of("iat", "sub", "client_id", "jti")) {
        assertInvalidToken(
            strict.verifyToken(strict.valid().without(claim).build()), DenialReason.INVALID_CLAIM);
      }
    }
  }

  @Test
  void c07MissingSubjectIsRejectedByDefaultAndAllowedByTheNamedWeakening() {
    assertInvalidToken(f.verifyToken(f.valid().without("sub").build()), DenialReason.INVALID_CLAIM);
    try (Fixture lax = new Fixture(TokenPolicy.Builder::allowMissingSubject, clock)) {
      assertThat(assertAuthorized(lax.verifyToken(lax.valid().without("sub").build())).subject())
          .isEmpty();
    }
  }

  @Test
  void c08ClaimTypeConfusionIsRejectedWithoutException() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("exp", "9999999999").build()), DenialReason.INVALID_CLAIM);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("exp", -1).build()), DenialReason.INVALID_CLAIM);
    assertInvalidToken(
        f.verifyToken(
            raw(
                "{\"iss\":\""
                    + f.as.issuer()
                    + "\",\"aud\":\""
                    + Fixture.RESOURCE
                    + "\",\"sub\":\"a\",\"exp\":1e309}")),
        DenialReason.INVALID_CLAIM);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("exp", new BigDecimal("1e400")).build()),
        DenialReason.INVALID_CLAIM);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", 123).build()), DenialReason.AUDIENCE_MISMATCH);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", Map.of()).build()), DenialReason.AUDIENCE_MISMATCH);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("iss", List.of(f.as.issuer())).build()),
        DenialReason.UNTRUSTED_ISSUER);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("sub", 42).build()), DenialReason.INVALID_CLAIM);
  }

  @Test
  void c09NonJsonPayloadIsRejected() {
    String token = Tokens.b64(f.valid().headerJson()) + "." + Tokens.b64("hello") + ".AAAA";
    assertInvalidToken(f.verifyToken(token), DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void c10PayloadThatIsNotAnObjectIsRejected() {
    assertInvalidToken(f.verifyToken(raw("[]")), DenialReason.MALFORMED_TOKEN);
    assertInvalidToken(f.verifyToken(raw("\"str\"")), DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void c11DeeplyNestedJsonIsRejectedWithoutStackOverflow() {
    String nested = "{\"a\":" + "[".repeat(6000) + "]".repeat(6000) + "}";
    assertThat(StrictJsonRejects.parse(nested)).isTrue();
    assertInvalidToken(
        f.verifyToken(raw("{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}")),
        DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void c12HugeClaimIsRejectedBeforeDecoding() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("big", "x".repeat(5 * 1024 * 1024)).build()),
        DenialReason.HEADER_TOO_LONG);
  }

  @Test
  void c13InvalidUtf8IsRejected() {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    String token = Tokens.b64(f.valid().headerJson()) + "." + Tokens.b64(bad) + ".AAAA";
    assertInvalidToken(f.verifyToken(token), DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void c14DuplicateClaimsAreRejectedInEitherOrder() {
    String base = "\"iss\":\"" + f.as.issuer() + "\",\"sub\":\"a\",\"exp\":" + (now + 300) + ",";
    assertInvalidToken(
        f.verifyToken(
            raw("{" + base + "\"aud\":\"" + Fixture.RESOURCE + "\",\"aud\":\"https://other\"}")),
        DenialReason.MALFORMED_TOKEN);
    assertInvalidToken(
        f.verifyToken(
            raw("{" + base + "\"aud\":\"https://other\",\"aud\":\"" + Fixture.RESOURCE + "\"}")),
        DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void c15NonStrictBase64UrlIsRejected() {
    String token = f.valid().build();
    String[] parts = token.split("\\.");
    assertInvalidToken(
        f.verifyToken(parts[0] + "=." + parts[1] + "." + parts[2]), DenialReason.MALFORMED_HEADER);
    assertInvalidToken(
        f.verifyToken(parts[0] + "." + parts[1] + ".+" + parts[2].substring(1)),
        DenialReason.MALFORMED_TOKEN); // '+' is base64, not base64url
    assertInvalidToken(
        f.verifyToken(parts[0] + "." + parts[1] + "./" + parts[2].substring(1)),
        DenialReason.MALFORMED_TOKEN);
    assertInvalidToken(
        f.verifyToken(parts[0] + "." + parts[1] + "." + parts[2] + ".AAAA"),
        DenialReason.MALFORMED_TOKEN);
    assertInvalidToken(f.verifyToken(parts[0] + "." + parts[1]), DenialReason.MALFORMED_TOKEN);
    assertInvalidToken(
        f.verifyToken("A" + parts[0] + "." + parts[1] + "." + parts[2]),
        DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void c16KeyBoundTokenPresentedAsBearerIsRejected() {
    String token =
        f.valid()
            .claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"))
            .build();
    assertInvalidToken(f.verifyToken(token), DenialReason.BOUND_TOKEN_WITHOUT_PROOF);
  }

  @Test
  void authInfoCarriesTheVerifiedClaims() {
    String token =
        f.valid()
            .claim("scope", "mcp:read mcp:write")
            .claim("custom", Map.of("k", List.of(1, true)))
            .build();
    AuthInfo info = assertAuthorized(f.verifyToken(token));
    assertThat(info.issuer()).isEqualTo(f.as.issuer());
    assertThat(info.subject()).contains("alice");
    assertThat(info.clientId()).contains("client-1");
    assertThat(info.audiences()).containsExactly(Fixture.RESOURCE);
    assertThat(info.scopes()).containsExactly("mcp:read", "mcp:write");
    assertThat(info.resource()).contains(Fixture.RESOURCE);
    assertThat(info.expiresAt()).contains(Instant.ofEpochSecond(now + 300));
    assertThat(info.claims().get("custom")).isEqualTo(Map.of("k", List.of(1L, true)));
    assertThat(info.stringClaim("jti")).isPresent();
    assertThat(info.token()).isEqualTo(token);
    assertThat(info.toString()).doesNotContain(token);
  }

  @Test
  void clientIdFallsBackToAzp() {
    AuthInfo info =
        assertAuthorized(f.verifyToken(f.valid().without("client_id").claim("azp", "spa").build()));
    assertThat(info.clientId()).contains("spa");
  }

  @Test
  void timeAdvancingPastExpiryRejectsTheSameToken() {
    String token = f.valid().build();
    assertAuthorized(f.verifyToken(token));
    clock.advance(java.time.Duration.ofSeconds(361));
    assertInvalidToken(f.verifyToken(token), DenialReason.EXPIRED);
  }

  /** Reaches StrictJson directly for inputs too large for a header. */
  static final class StrictJsonRejects {
    static boolean parse(String json) {
      try {
        StrictJson.parse(json);
        return false;
      } catch (StrictJson.JsonRejected e) {
        return true;
      }
    }
  }
}
