package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verified-token cache (on by default): faster repeats, never weaker decisions. */
class VerifiedTokenCacheTest {
  private final MutableClock clock = MutableClock.atSystemTime();
  private final Fixture f = new Fixture(b -> b.tokenCache(Duration.ofMinutes(2), 100), clock);

  @AfterEach
  void close() {
    f.close();
  }

  private int remembered() {
    return ((JwtVerifier) f.auth.guard().verifier()).rememberedCount();
  }

  @Test
  void theCacheIsOnByDefaultAndCanBeTurnedOff() {
    try (Fixture defaults = new Fixture();
        Fixture off = new Fixture(p -> p.noTokenCache(), clock)) {
      String token = defaults.valid().build();
      assertAuthorized(defaults.verifyToken(token));
      assertThat(((JwtVerifier) defaults.auth.guard().verifier()).rememberedCount()).isEqualTo(1);
      assertAuthorized(off.verifyToken(off.valid().build()));
      assertThat(((JwtVerifier) off.auth.guard().verifier()).rememberedCount()).isZero();
    }
  }

  @Test
  void twoRoutesOfOneResourceShareOneVerification() {
    String token = f.valid().build();
    BearerAuth write = f.mcpAuth.bearerAuth("mcp:read");
    assertAuthorized(f.verifyToken(token));
    assertAuthorized(
        write.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)))));
    assertThat(remembered()).isEqualTo(1);
    assertThat(f.as.hits("/as/jwks")).isEqualTo(1);
  }

  @Test
  void repeatedTokenIsRememberedOnlyOnceVerified() {
    String token = f.valid().build();
    assertAuthorized(f.verifyToken(token));
    assertAuthorized(f.verifyToken(token));
    assertThat(remembered()).isEqualTo(1);
    String forged = token.substring(0, token.length() - 4) + "AAAA";
    assertInvalidToken(f.verifyToken(forged), DenialReason.INVALID_SIGNATURE);
    assertThat(remembered()).isEqualTo(1);
  }

  @Test
  void aHitNeedsTheExactSameCharactersNotJustTheSameBytes() {
    String token = f.valid().build();
    assertAuthorized(f.verifyToken(token));
    // U+0141 has the low byte of 'A': a byte-wise comparison of the header would take it for the
    // token.
    int last = token.length() - 1;
    String lookalike = token.substring(0, last) + (char) (0x100 | token.charAt(last));
    assertThat(f.verifyToken(lookalike)).isInstanceOf(AuthResult.Denied.class);
    assertThat(f.verifyHeader("bearer " + token)).isInstanceOf(AuthResult.Authorized.class);
    assertAuthorized(f.verifyToken(token));
    assertThat(remembered()).isEqualTo(1);
  }

  @Test
  void scopesAreStillCheckedOnEveryRequest() {
    String token = f.valid().build();
    assertAuthorized(f.verifyToken(token));
    AuthResult result =
        f.auth.verify(
            RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))),
            List.of("mcp:write"));
    assertDenied(result, 403);
  }

  @Test
  void entriesEndAtTheTtlAndTheTokensExpiry() {
    String token = f.valid().claim("exp", clock.instant().getEpochSecond() + 60).build();
    assertAuthorized(f.verifyToken(token));
    clock.advance(Duration.ofSeconds(121));
    assertInvalidToken(f.verifyToken(token), DenialReason.EXPIRED);
  }

  @Test
  void aKeyRemovedAtTheAuthorizationServerStopsCachedTokensEvenWhenEveryRequestIsAHit()
      throws InterruptedException {
    String token = f.valid().build();
    assertAuthorized(f.verifyToken(token));
    f.as.setJwks(TestKeys.jwks(TestKeys.K2));
    clock.advance(
        JwksSettings.DEFAULT_TTL.plusSeconds(
            1)); // the key set is due: a hit refreshes it in the background
    AuthResult result = f.verifyToken(token);
    for (int i = 0;
        i < 500 && result instanceof AuthResult.Authorized;
        i++) { // until the refresh lands (<= 10 s)
      Thread.sleep(20);
      result = f.verifyToken(token);
    }
    assertInvalidToken(result, DenialReason.NO_MATCHING_KEY);
    assertThat(f.as.hits("/as/jwks")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theCacheIsBounded() {
    for (int i = 0; i < 150; i++) {
      assertAuthorized(f.verifyToken(f.valid().claim("jti", "t" + i).build()));
    }
    assertThat(remembered()).isLessThanOrEqualTo(100);
  }
}
