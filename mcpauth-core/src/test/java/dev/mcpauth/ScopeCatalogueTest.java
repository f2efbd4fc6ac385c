package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** security.md §3.5 E: scopes and step-up (403). */
class ScopeCatalogueTest {
  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private AuthResult verifyFor(String token, String... operationScopes) {
    return f.auth.verify(
        RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))),
        List.of(operationScopes));
  }

  private static void assertInsufficient(AuthResult result, String scopes) {
    AuthResult.Denied denied = assertDenied(result, 403);
    assertThat(denied.wwwAuthenticate())
        .contains(
            "Bearer error=\"insufficient_scope\", scope=\""
                + scopes
                + "\", resource_metadata=\""
                + Fixture.PRM
                + "\"");
    assertThat(denied.body())
        .isEqualTo(
            "{\"error\":\"insufficient_scope\","
                + "\"error_description\":\"The access token lacks a scope this operation requires.\"}");
  }

  @Test
  void e01MissingOperationScopeIs403NamingWhatTheOperationNeeds() {
    assertInsufficient(verifyFor(f.valid().build(), "mcp:write"), "mcp:read mcp:write");
  }

  @Test
  void e02UnauthenticatedChallengeCarriesTheOperationScopes() {
    AuthResult.Denied denied =
        assertDenied(f.auth.verify(RequestHeaders.empty(), List.of("mcp:write")), 401);
    assertThat(denied.wwwAuthenticate())
        .contains("Bearer resource_metadata=\"" + Fixture.PRM + "\", scope=\"mcp:read mcp:write\"");
  }

  @Test
  void e03AllNeededScopesAreInOneChallenge() {
    assertInsufficient(verifyFor(f.valid().build(), "b", "c"), "mcp:read b c");
  }

  @Test
  void e04ScopeSubstringsDoNotCount() {
    assertInsufficient(
        verifyFor(
            f.valid().claim("scope", "mcp:read mcp:writer mcp:write-limited").build(), "mcp:write"),
        "mcp:read mcp:write");
  }

  @Test
  void e05ScopesAreCaseSensitive() {
    assertInsufficient(
        verifyFor(f.valid().claim("scope", "mcp:read MCP:WRITE").build(), "mcp:write"),
        "mcp:read mcp:write");
  }

  @Test
  void e06ExtraSpacesBetweenScopesAreTolerated() {
    assertAuthorized(
        verifyFor(f.valid().claim("scope", " mcp:read  mcp:write ").build(), "mcp:write"));
  }

  @Test
  void e06TabsInsideScopeAreNotSeparators() {
    assertInsufficient(
        verifyFor(f.valid().claim("scope", "mcp:read\tmcp:write").build(), "mcp:write"),
        "mcp:read mcp:write");
  }

  @Test
  void e07ScpArrayCountsOnlyWhenConfigured() {
    String token =
        f.valid().without("scope").claim("scp", List.of("mcp:read", "mcp:write")).build();
    assertInsufficient(verifyFor(token, "mcp:write"), "mcp:read mcp:write");
    try (Fixture scp = new Fixture(b -> b.scopeClaim("scp"), Clock.systemUTC())) {
      String scpToken =
          scp.valid().without("scope").claim("scp", List.of("mcp:read", "mcp:write")).build();
      assertAuthorized(
          scp.auth.verify(
              RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + scpToken))),
              List.of("mcp:write")));
    }
  }

  @Test
  void e08ScopeAndScpAreNeverMerged() {
    String token = f.valid().claim("scope", "").claim("scp", List.of("mcp:read")).build();
    assertDenied(f.verifyToken(token), 403);
  }

  @Test
  void e09ScopeAsArrayOfStringsIsAcceptedAndOtherShapesAreInvalid() {
    assertAuthorized(f.verifyToken(f.valid().claim("scope", List.of("mcp:read")).build()));
    assertInvalidToken(
        f.verifyToken(f.valid().claim("scope", List.of(1)).build()), DenialReason.INVALID_CLAIM);
    assertInvalidToken(
        f.verifyToken(f.valid().claim("scope", 5).build()), DenialReason.INVALID_CLAIM);
  }

  @Test
  void e10BroaderScopeSatisfiesNarrowerThroughTheHierarchy() {
    ScopeHierarchy hierarchy =
        ScopeHierarchy.builder()
            .implies("mcp:*", "mcp:admin")
            .implies("mcp:admin", "mcp:read", "mcp:write")
            .build();
    try (Fixture h = new Fixture(b -> b.scopeHierarchy(hierarchy), Clock.systemUTC())) {
      String token = h.valid().claim("scope", "mcp:*").build();
      assertAuthorized(
          h.auth.verify(
              RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))),
              List.of("mcp:write")));
      String narrow = h.valid().claim("scope", "mcp:write").build();
      assertDenied(
          h.auth.verify(
              RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + narrow))),
              List.of("mcp:admin")),
          403);
    }
  }

  @Test
  void e11InvalidBeatsInsufficient() {
    String expired =
        f.valid()
            .claim("exp", System.currentTimeMillis() / 1000 - 3600)
            .claim("scope", "none")
            .build();
    assertInvalidToken(verifyFor(expired, "mcp:write"), DenialReason.EXPIRED);
  }

  @Test
  void e12OfflineAccessIsNeverAdvertisedByAccident() {
    assertThat(f.mcpAuth.resources().get(0).toProtectedResourceMetadata().scopesSupported())
        .doesNotContain("offline_access");
  }

  @Test
  void showErrorDetailsAddsMissingScopesToTheBodyOnly() {
    try (Fixture details = new Fixture(b -> b.showErrorDetails(true), Clock.systemUTC())) {
      String token = details.valid().build();
      AuthResult.Denied denied =
          assertDenied(
              details.auth.verify(
                  RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))),
                  List.of("mcp:write")),
              403);
      assertThat(denied.body()).contains("\"missing_scopes\":[\"mcp:write\"]");
    }
  }
}
