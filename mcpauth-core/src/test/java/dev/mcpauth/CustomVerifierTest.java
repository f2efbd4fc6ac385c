package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Custom verifiers: whatever they return still goes through issuer, audience, expiry and scopes. */
class CustomVerifierTest {
  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private AuthInfo.Builder identity(String issuer) {
    return AuthInfo.builder("opaque-token", issuer).subject("alice").audiences(List.of(Fixture.RESOURCE))
        .scopes(List.of("mcp:read")).expiresAt(Instant.now().plusSeconds(60));
  }

  private AuthResult verifyWith(TokenVerifier verifier) {
    BearerAuth auth = f.mcpAuth.bearerAuth(verifier, BearerAuthConfig.builder().requiredScopes("mcp:read").build());
    return auth.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer opaque-token"))));
  }

  @Test
  void verifiedIdentityFromATrustedIssuerIsAuthorizedAndAttributedToTheResource() {
    AuthInfo info = assertAuthorized(verifyWith(t -> TokenVerification.verified(identity(f.as.issuer()).build())));
    assertThat(info.resource()).contains(Fixture.RESOURCE);
    assertThat(info.token()).isEqualTo("opaque-token");
  }

  @Test
  void foreignIssuerIsRejectedEvenFromACustomVerifier() {
    assertInvalidToken(verifyWith(t -> TokenVerification.verified(identity("https://evil.test").build())),
        TokenFailure.UNTRUSTED_ISSUER);
  }

  @Test
  void wrongAudienceMissingExpiryAndExpiredAreRejected() {
    assertInvalidToken(verifyWith(t -> TokenVerification.verified(identity(f.as.issuer())
        .audiences(List.of("https://other")).build())), TokenFailure.AUDIENCE_MISMATCH);
    assertInvalidToken(verifyWith(t -> TokenVerification.verified(identity(f.as.issuer()).expiresAt(null).build())),
        TokenFailure.INVALID_CLAIM);
    assertInvalidToken(verifyWith(t -> TokenVerification.verified(identity(f.as.issuer())
        .expiresAt(Instant.now().minusSeconds(3600)).build())), TokenFailure.EXPIRED);
  }

  @Test
  void missingScopeIs403() {
    assertDenied(verifyWith(t -> TokenVerification.verified(identity(f.as.issuer()).scopes(List.of()).build())), 403);
  }

  @Test
  void rejectionAndOutageKeepTheirMeaning() {
    assertInvalidToken(verifyWith(t -> TokenVerification.rejected(TokenFailure.INACTIVE, null)), TokenFailure.INACTIVE);
    AuthResult.Denied down = assertDenied(verifyWith(t -> TokenVerification.unavailable("userinfo down",
        Duration.ofSeconds(9))), 503);
    assertThat(down.headers()).containsEntry("Retry-After", "9");
  }

  @Test
  void verifierThatThrowsOrReturnsNullGives503NeverAnException() {
    assertDenied(verifyWith(t -> {
      throw new IllegalStateException("boom with " + t);
    }), 503);
    assertDenied(verifyWith(t -> null), 503);
  }
}
