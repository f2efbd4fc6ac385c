package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several issuers: a resolver trusts tenants by the unverified {@code iss} (like Entra
 * multi-tenant), before any network access; unknown issuers cause no fetch; accepted ones are
 * bounded.
 */
class IssuerResolverTest {
  private static final String RESOURCE = "https://mcp.test/mcp";

  @Test
  void allowListedTenantsAreTrustedAndOthersCauseNoFetch() {
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      Set<String> allowed = Set.of("t1", "t2");
      AtomicInteger asked = new AtomicInteger();
      IssuerResolver tenants =
          iss -> {
            asked.incrementAndGet();
            String prefix = as.url("/tenants/");
            if (!iss.startsWith(prefix) || !allowed.contains(iss.substring(prefix.length()))) {
              return Optional.empty();
            }
            return Optional.of(
                AuthServerConfig.resolved(
                    AuthServerConfig.Type.OIDC,
                    AuthServerMetadata.builder(iss)
                        .authorizationEndpoint(iss + "/authorize")
                        .tokenEndpoint(iss + "/token")
                        .jwksUri(as.jwksUri())
                        .responseTypesSupported("code")
                        .codeChallengeMethodsSupported("S256")
                        .build()));
          };
      try (McpAuth mcpAuth =
          McpAuth.builder()
              .protectedResource(
                  ResourceServerConfig.builder(RESOURCE)
                      .issuerResolver(tenants, "https://login.example/common")
                      .build())
              .build()) {
        BearerAuth auth = mcpAuth.bearerAuth();
        assertThat(mcpAuth.resources().get(0).toProtectedResourceMetadata().toJson())
            .contains("\"authorization_servers\":[\"https://login.example/common\"]");
        String t1 = Tokens.valid(as.url("/tenants/t1"), RESOURCE).build();
        assertAuthorized(auth.verify(bearer(t1)));
        int hits = as.totalHits();
        String t3 = Tokens.valid(as.url("/tenants/t3"), RESOURCE).build();
        assertInvalidToken(verify(auth, t3), DenialReason.UNTRUSTED_ISSUER);
        assertThat(as.totalHits()).isEqualTo(hits); // a refused issuer never causes a fetch
        String t2 = Tokens.valid(as.url("/tenants/t2"), RESOURCE).build();
        assertAuthorized(auth.verify(bearer(t2)));
        String wrongAudience = Tokens.valid(as.url("/tenants/t2"), "https://other.example").build();
        assertInvalidToken(verify(auth, wrongAudience), DenialReason.AUDIENCE_MISMATCH);
        assertThat(asked.get()).isGreaterThanOrEqualTo(3);
      }
    }
  }

  @Test
  void acceptedIssuersAreBoundedAndComeBackWhenNeeded() {
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      IssuerResolver any =
          iss ->
              iss.startsWith(as.url("/tenants/"))
                  ? Optional.of(
                      AuthServerConfig.resolved(
                          AuthServerConfig.Type.OIDC,
                          AuthServerMetadata.builder(iss)
                              .authorizationEndpoint(iss + "/authorize")
                              .tokenEndpoint(iss + "/token")
                              .jwksUri(as.jwksUri())
                              .responseTypesSupported("code")
                              .codeChallengeMethodsSupported("S256")
                              .build()))
                  : Optional.empty();
      IssuerRegistry registry =
          new IssuerRegistry(
              Map.of(),
              Optional.of(any),
              3,
              config ->
                  new TrustedIssuer(
                      new AuthServerMetadataCache(
                          config,
                          AuthServerDiscovery.create(),
                          java.time.Clock.systemUTC(),
                          java.time.Duration.ofHours(1),
                          java.time.Duration.ofSeconds(1),
                          Runnable::run,
                          java.time.Duration.ofSeconds(1)),
                      uri -> null));
      for (int i = 0; i < 10; i++) {
        assertThat(registry.find(as.url("/tenants/t" + i))).isPresent();
      }
      assertThat(registry.resolvedCount()).isEqualTo(3);
      assertThat(registry.find(as.url("/tenants/t0"))).isPresent(); // resolved again
      assertThat(registry.find("https://evil.example")).isEmpty();
      assertThat(registry.resolvedCount()).isEqualTo(3);
    }
  }

  @Test
  void aResolverAnsweringForAnotherIssuerIsRefused() {
    IssuerRegistry registry =
        new IssuerRegistry(
            Map.of(),
            Optional.of(
                iss ->
                    Optional.of(
                        AuthServerConfig.discover(
                            "https://trusted.example", AuthServerConfig.Type.OIDC))),
            3,
            config -> {
              throw new AssertionError("must not be created");
            });
    assertThat(registry.find("https://attacker.example")).isEmpty();
  }

  private static RequestHeaders bearer(String token) {
    return RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)));
  }

  private static AuthResult verify(BearerAuth auth, String token) {
    return auth.verify(bearer(token));
  }
}
