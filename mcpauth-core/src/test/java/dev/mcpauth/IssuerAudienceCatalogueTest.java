package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** security.md §3.4 D: issuer and audience. */
class IssuerAudienceCatalogueTest {
  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void d01WrongIssuerIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("iss", "https://evil.test").build()),
        DenialReason.UNTRUSTED_ISSUER);
  }

  @Test
  void d02IssuerWithTrailingSlashIsAnotherIssuer() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("iss", f.as.issuer() + "/").build()),
        DenialReason.UNTRUSTED_ISSUER);
  }

  @Test
  void d03MissingIssuerIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().without("iss").build()), DenialReason.UNTRUSTED_ISSUER);
  }

  /** Two trusted authorization servers with their own JWKS on one resource. */
  private static McpAuth twoIssuers(FakeAuthorizationServer a, FakeAuthorizationServer b) {
    return McpAuth.builder()
        .protectedResource(
            ResourceServerConfig.builder(Fixture.RESOURCE)
                .authorizationServer(
                    AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, a.metadata()))
                .authorizationServer(
                    AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, b.metadata()))
                .build())
        .build();
  }

  @Test
  void d04TokenClaimingIssuerASignedWithBsKeyIsRejected() {
    try (FakeAuthorizationServer b = new FakeAuthorizationServer();
        McpAuth two = twoIssuers(f.as, b)) {
      f.as.setJwks(TestKeys.jwks(TestKeys.K1));
      b.setJwks(TestKeys.jwks(TestKeys.K2));
      BearerAuth auth = two.bearerAuth(BearerAuthConfig.builder().build());
      String token =
          Tokens.valid(f.as.issuer(), Fixture.RESOURCE)
              .header("kid", "k2")
              .signWith(TestKeys.K2)
              .build();
      assertInvalidToken(verify(auth, token), DenialReason.NO_MATCHING_KEY);
      assertThat(b.totalHits()).isZero();
    }
  }

  @Test
  void d05SecondTrustedIssuerWithItsOwnKeyIsAccepted() {
    try (FakeAuthorizationServer b = new FakeAuthorizationServer();
        McpAuth two = twoIssuers(f.as, b)) {
      b.setJwks(TestKeys.jwks(TestKeys.K2));
      BearerAuth auth = two.bearerAuth(BearerAuthConfig.builder().build());
      String token =
          Tokens.valid(b.issuer(), Fixture.RESOURCE)
              .header("kid", "k2")
              .signWith(TestKeys.K2)
              .build();
      assertThat(assertAuthorized(verify(auth, token)).issuer()).isEqualTo(b.issuer());
      assertThat(f.as.totalHits()).isZero();
    }
  }

  private static AuthResult verify(BearerAuth auth, String token) {
    return auth.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))));
  }

  @Test
  void d06UntrustedIssuerCausesNoNetworkIo() {
    try (FakeAuthorizationServer unknown = new FakeAuthorizationServer()) {
      String token = Tokens.valid(unknown.issuer(), Fixture.RESOURCE).build();
      assertInvalidToken(f.verifyToken(token), DenialReason.UNTRUSTED_ISSUER);
      assertThat(unknown.totalHits()).isZero();
      assertThat(f.as.totalHits()).isZero();
    }
  }

  @Test
  void d07MetadataListsExactlyTheTrustedIssuers() {
    assertThat(f.mcpAuth.resources().get(0).toProtectedResourceMetadata().authorizationServers())
        .containsExactly(f.as.issuer());
  }

  @Test
  void d08WrongAudienceIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", "https://other.test/mcp").build()),
        DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void d09MissingAudienceIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().without("aud").build()), DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void d10AudienceArrayContainingUsIsAccepted() {
    assertAuthorized(
        f.verifyToken(
            f.valid().claim("aud", List.of("https://other.test", Fixture.RESOURCE)).build()));
  }

  @Test
  void d11EmptyOrNullAudienceIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", List.of()).build()), DenialReason.AUDIENCE_MISMATCH);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", "").build()), DenialReason.AUDIENCE_MISMATCH);
    String nullAud =
        Tokens.sign(
            f.valid().headerJson(),
            f.valid().claimsJson().replace("\"aud\":\"" + Fixture.RESOURCE + "\"", "\"aud\":null"),
            TestKeys.K1.getPrivateKey(),
            "RS256");
    assertInvalidToken(f.verifyToken(nullAud), DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void d12AudienceWithTrailingSlashIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", Fixture.RESOURCE + "/").build()),
        DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void d13PrefixAndSubstringAudiencesAreRejected() {
    for (String aud :
        List.of(
            "https://mcp.test/mcp-admin",
            "https://mcp.test/mcp/../x",
            "https://mcp.test.evil.test/mcp",
            "https://mcp.test")) {
      assertInvalidToken(
          f.verifyToken(f.valid().claim("aud", aud).build()), DenialReason.AUDIENCE_MISMATCH);
    }
  }

  @Test
  void d14UpperCaseSchemeAndHostAreRejectedByDefaultAndAcceptedByTheNamedOption() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", "HTTPS://MCP.TEST/mcp").build()),
        DenialReason.AUDIENCE_MISMATCH);
    try (Fixture lenient =
        new Fixture(
            TokenPolicy.Builder::acceptUpperCaseSchemeAndHostInAudience, Clock.systemUTC())) {
      assertAuthorized(
          lenient.verifyToken(lenient.valid().claim("aud", "HTTPS://MCP.TEST/mcp").build()));
      assertInvalidToken(
          lenient.verifyToken(lenient.valid().claim("aud", "https://mcp.test/MCP").build()),
          DenialReason.AUDIENCE_MISMATCH);
    }
  }

  @Test
  void d15OtherSchemeOrExplicitDefaultPortIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", "http://mcp.test/mcp").build()),
        DenialReason.AUDIENCE_MISMATCH);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", "https://mcp.test:443/mcp").build()),
        DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void d16TokenForAnotherTenantPathIsRejected() {
    try (McpAuth tenants =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.test/t1/mcp")
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, f.as.metadata()))
                    .build())
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.test/t2/mcp")
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, f.as.metadata()))
                    .build())
            .build()) {
      BearerAuth t2 =
          tenants.bearerAuth(
              BearerAuthConfig.builder().resource("https://mcp.test/t2/mcp").build());
      String t1Token = Tokens.valid(f.as.issuer(), "https://mcp.test/t1/mcp").build();
      AuthResult result = verify(t2, t1Token);
      assertThat(((AuthResult.Denied) result).wwwAuthenticate().orElseThrow())
          .contains(
              "resource_metadata=\"https://mcp.test/.well-known/oauth-protected-resource/t2/mcp\"")
          .contains(DenialReason.AUDIENCE_MISMATCH.description());
    }
  }

  @Test
  void d17HostHeadersNeverChangeTheExpectedAudienceOrTheChallenge() {
    String evil = f.valid().claim("aud", "https://evil.test/mcp").build();
    AuthResult result =
        f.auth.verify(
            RequestHeaders.of(
                Map.of(
                    "Authorization", List.of("Bearer " + evil),
                    "Host", List.of("evil.test"),
                    "X-Forwarded-Host", List.of("evil.test"))));
    assertInvalidToken(result, DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void d18IdTokenIsNotAnAccessToken() {
    assertInvalidToken(
        f.verifyToken(f.valid().header("typ", "JWT").claim("aud", "client-1").build()),
        DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void d19TokenForTheUpstreamApiIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", "https://api.upstream.test").build()),
        DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void d20UnicodeConfusableAudienceIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().claim("aud", "https://mcp.t\u0435st/mcp").build()),
        DenialReason.AUDIENCE_MISMATCH);
  }

  @Test
  void configuredAudiencesReplaceTheResourceIdentifier() {
    try (Fixture custom = new Fixture(b -> b.audience("api://notes"), Clock.systemUTC())) {
      assertAuthorized(custom.verifyToken(custom.valid().claim("aud", "api://notes").build()));
      assertInvalidToken(
          custom.verifyToken(custom.valid().build()), DenialReason.AUDIENCE_MISMATCH);
    }
  }
}
