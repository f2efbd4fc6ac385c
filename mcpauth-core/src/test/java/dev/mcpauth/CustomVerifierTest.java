package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Custom verifiers: whatever they return still goes through issuer, audience, expiry and scopes.
 */
class CustomVerifierTest {
  private final AtomicReference<TokenVerifier> current = new AtomicReference<>();
  private final Fixture f =
      new Fixture(
          (r, server) -> r.tokenVerifier(t -> current.get().verify(t)),
          p -> p,
          Clock.systemUTC(),
          JwksSettings.defaults());

  @AfterEach
  void close() {
    f.close();
  }

  private static AuthInfo.Builder identity(String issuer) {
    return AuthInfo.builder("opaque-token", issuer)
        .subject("alice")
        .audiences(List.of(Fixture.RESOURCE))
        .scopes(List.of("mcp:read"))
        .expiresAt(Instant.now().plusSeconds(60));
  }

  private AuthResult verifyWith(TokenVerifier verifier) {
    current.set(verifier);
    return f.auth.verify(
        RequestHeaders.of(Map.of("Authorization", List.of("Bearer opaque-token"))));
  }

  @Test
  void claimValidatorsRunForEveryVerifierAndRefuseWithTheirReason() {
    ClaimValidator tenant =
        info ->
            info.stringClaim("tid").filter("t1"::equals).isPresent()
                ? Optional.empty()
                : Optional.of("wrong tenant");
    try (Fixture jwt =
        new Fixture(p -> p.claimValidator(tenant).showErrorDetails(true), Clock.systemUTC())) {
      assertAuthorized(jwt.verifyToken(jwt.valid().claim("tid", "t1").build()));
      AuthResult.Denied denied =
          assertDenied(jwt.verifyToken(jwt.valid().claim("tid", "t2").build()), 401);
      assertThat(denied.reason()).isEqualTo(DenialReason.INVALID_CLAIM);
      assertThat(denied.body()).contains("wrong tenant");
    }
    AtomicReference<String> issuer = new AtomicReference<>();
    try (Fixture custom =
        new Fixture(
            (r, server) ->
                r.tokenVerifier(
                    t ->
                        TokenVerifier.Result.verified(
                            identity(issuer.get()).claims(Map.of("tid", "t2")).build())),
            p -> p.claimValidator(tenant),
            Clock.systemUTC(),
            JwksSettings.defaults())) {
      issuer.set(custom.as.issuer());
      assertInvalidToken(custom.verifyToken("opaque-token"), DenialReason.INVALID_CLAIM);
    }
  }

  @Test
  void verifiedIdentityFromATrustedIssuerIsAuthorizedAndAttributedToTheResource() {
    AuthInfo info =
        assertAuthorized(
            verifyWith(t -> TokenVerifier.Result.verified(identity(f.as.issuer()).build())));
    assertThat(info.resource()).contains(Fixture.RESOURCE);
    assertThat(info.token()).isEqualTo("opaque-token");
  }

  @Test
  void foreignIssuerIsRejectedEvenFromACustomVerifier() {
    assertInvalidToken(
        verifyWith(t -> TokenVerifier.Result.verified(identity("https://evil.test").build())),
        DenialReason.UNTRUSTED_ISSUER);
  }

  @Test
  void wrongAudienceMissingExpiryAndExpiredAreRejected() {
    assertInvalidToken(
        verifyWith(
            t ->
                TokenVerifier.Result.verified(
                    identity(f.as.issuer()).audiences(List.of("https://other")).build())),
        DenialReason.AUDIENCE_MISMATCH);
    assertInvalidToken(
        verifyWith(
            t -> TokenVerifier.Result.verified(identity(f.as.issuer()).expiresAt(null).build())),
        DenialReason.INVALID_CLAIM);
    assertInvalidToken(
        verifyWith(
            t ->
                TokenVerifier.Result.verified(
                    identity(f.as.issuer()).expiresAt(Instant.now().minusSeconds(3600)).build())),
        DenialReason.EXPIRED);
  }

  @Test
  void missingScopeIs403() {
    assertDenied(
        verifyWith(
            t -> TokenVerifier.Result.verified(identity(f.as.issuer()).scopes(List.of()).build())),
        403);
  }

  @Test
  void rejectionAndOutageKeepTheirMeaning() {
    assertInvalidToken(
        verifyWith(t -> TokenVerifier.Result.rejected(DenialReason.INACTIVE, null)),
        DenialReason.INACTIVE);
    AuthResult.Denied down =
        assertDenied(
            verifyWith(
                t -> TokenVerifier.Result.unavailable("userinfo down", Duration.ofSeconds(9))),
            503);
    assertThat(down.headers()).containsEntry("Retry-After", "9");
  }

  @Test
  void verifierThatThrowsOrReturnsNullGives503NeverAnException() {
    assertDenied(
        verifyWith(
            t -> {
              throw new IllegalStateException("boom with " + t);
            }),
        503);
    assertDenied(verifyWith(t -> null), 503);
  }
}
