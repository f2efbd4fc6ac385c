package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertInvalidRequest;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static dev.mcpauth.Fixture.assertNoCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * security.md §3.1 A: credential transport and header parsing, through {@link BearerAuth#verify}.
 */
class CredentialTransportCatalogueTest {
  private final Fixture f = new Fixture();
  private final String valid = f.valid().build();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void a01NoAuthorizationHeaderIs401WithoutError() {
    assertNoCredentials(f.auth.verify(RequestHeaders.empty()));
  }

  @Test
  void a02EmptyAuthorizationHeaderIs401WithoutError() {
    assertNoCredentials(f.verifyHeader(""));
    assertNoCredentials(f.verifyHeader("   "));
  }

  @Test
  void a03OtherSchemeIs401WithoutError() {
    assertNoCredentials(f.verifyHeader("Basic dXNlcjpwYXNz"));
  }

  @Test
  void a04LowerCaseSchemeIsAccepted() {
    assertAuthorized(f.verifyHeader("bearer " + valid));
  }

  @Test
  void a05MixedCaseSchemeIsAccepted() {
    assertAuthorized(f.verifyHeader("BEARER " + valid));
    assertAuthorized(f.verifyHeader("bEaReR " + valid));
  }

  @Test
  void a06BearerWithoutTokenIsInvalidToken() {
    assertInvalidToken(f.verifyHeader("Bearer"), DenialReason.MALFORMED_HEADER);
    assertInvalidToken(f.verifyHeader("Bearer "), DenialReason.MALFORMED_HEADER);
  }

  @Test
  void a07SeveralSpacesAfterSchemeAreAccepted() {
    assertAuthorized(f.verifyHeader("Bearer  " + valid));
  }

  @Test
  void a08TabSeparatorIsInvalidToken() {
    assertInvalidToken(f.verifyHeader("Bearer\t" + valid), DenialReason.MALFORMED_HEADER);
  }

  @Test
  void a09TrailingGarbageIsInvalidToken() {
    assertInvalidToken(f.verifyHeader("Bearer " + valid + " extra"), DenialReason.MALFORMED_HEADER);
    assertInvalidToken(
        f.verifyHeader("Bearer " + valid + ", Basic x"), DenialReason.MALFORMED_HEADER);
  }

  @Test
  void a10IllegalCharactersAreInvalidTokenAndNotReflected() {
    for (String bad : List.of("ab\"c", "a;b", "añb")) {
      AuthResult result = f.verifyHeader("Bearer " + bad);
      assertInvalidToken(result, DenialReason.MALFORMED_HEADER);
      AuthResult.Denied denied = (AuthResult.Denied) result;
      assertThat(denied.wwwAuthenticate().orElseThrow()).doesNotContain(bad);
      assertThat(denied.body()).doesNotContain(bad);
    }
  }

  @Test
  void a11SchemePrefixWithoutSpaceIsAnotherScheme() {
    assertNoCredentials(f.verifyHeader("Bearer" + valid));
  }

  @Test
  void a12TwoAuthorizationHeadersAreInvalidRequest() {
    String other = f.valid().claim("sub", "bob").build();
    assertInvalidRequest(
        f.auth.verify(
            RequestHeaders.of(
                Map.of("Authorization", List.of("Bearer " + valid, "Bearer " + other)))));
    assertInvalidRequest(
        f.auth.verify(
            RequestHeaders.of(
                Map.of("Authorization", List.of("Bearer " + valid, "Bearer garbage")))));
  }

  @Test
  void a12HeaderNamesDifferingOnlyInCaseCountAsTwoHeaders() {
    assertInvalidRequest(
        f.auth.verify(
            RequestHeaders.of(
                Map.of(
                    "Authorization",
                    List.of("Bearer " + valid),
                    "authorization",
                    List.of("Bearer " + valid)))));
  }

  @Test
  void a13CommaJoinedCredentialsAreInvalidRequest() {
    assertInvalidRequest(f.verifyHeader("Bearer " + valid + ", Bearer " + valid));
    assertInvalidRequest(f.verifyHeader("Basic eA==, Bearer " + valid));
  }

  @Test
  void a14TokenInQueryIsIgnored() {
    // The verifier reads headers only; a query string is not among its inputs at all.
    assertNoCredentials(
        f.auth.verify(
            RequestHeaders.of(Map.of("X-Original-URI", List.of("/mcp?access_token=" + valid)))));
  }

  @Test
  void a18TokenInCookieIsIgnored() {
    assertNoCredentials(
        f.auth.verify(RequestHeaders.of(Map.of("Cookie", List.of("access_token=" + valid)))));
  }

  @Test
  void a19ProxyAuthorizationIsIgnored() {
    assertNoCredentials(
        f.auth.verify(
            RequestHeaders.of(Map.of("Proxy-Authorization", List.of("Bearer " + valid)))));
  }

  @Test
  void a20OneMebibyteHeaderIsRejectedBeforeDecoding() {
    assertInvalidToken(
        f.verifyHeader("Bearer " + "a".repeat(1024 * 1024)), DenialReason.HEADER_TOO_LONG);
  }

  @Test
  void a21TokenOverTheConfiguredCapIsInvalidToken() {
    try (Fixture capped =
        new Fixture(b -> b.maxHeaderLength(6 * 1024), java.time.Clock.systemUTC())) {
      String big = capped.valid().claim("pad", "x".repeat(7 * 1024)).build();
      assertInvalidToken(capped.verifyToken(big), DenialReason.HEADER_TOO_LONG);
      assertThat(capped.as.totalHits()).isZero();
    }
  }

  @Test
  void a22CrLfAndQuotesInTheHeaderNeverReachTheChallenge() {
    AuthResult result = f.verifyHeader("Bearer abc\r\nX-Injected: 1\"");
    assertInvalidToken(result, DenialReason.MALFORMED_HEADER);
    assertThat(((AuthResult.Denied) result).wwwAuthenticate().orElseThrow())
        .doesNotContain("Injected");
  }

  @Test
  void requestHeadersNeverPrintValues() {
    assertThat(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + valid))).toString())
        .doesNotContain(valid);
  }
}
