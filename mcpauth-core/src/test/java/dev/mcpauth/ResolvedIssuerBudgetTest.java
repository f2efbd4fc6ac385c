package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tokens cycling through an allow-list larger than the registry's bound cannot force a discovery
 * and key-set fetch on every request (issue #24, item 10).
 */
class ResolvedIssuerBudgetTest {
  private static final String RESOURCE = "https://mcp.test/mcp";
  private static final int TENANTS = 150;

  @Test
  void takeWhenAnIssuerWasJustSetUpThenItWaitsItsInterval() {
    MutableClock clock = MutableClock.atSystemTime();
    ResolvedIssuerBudget budget =
        new ResolvedIssuerBudget(clock, 10, Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertThat(budget.take("https://a.example")).isEmpty();
    assertThat(budget.take("https://a.example")).contains(Duration.ofSeconds(30));
    assertThat(budget.take("https://b.example")).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    assertThat(budget.take("https://a.example")).isEmpty();
  }

  @Test
  void takeWhenTheBurstIsSpentThenOneMorePerRefillInterval() {
    MutableClock clock = MutableClock.atSystemTime();
    ResolvedIssuerBudget budget =
        new ResolvedIssuerBudget(clock, 2, Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertThat(budget.take("https://a.example")).isEmpty();
    assertThat(budget.take("https://b.example")).isEmpty();
    assertThat(budget.take("https://c.example")).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(budget.take("https://c.example")).isEmpty();
    assertThat(budget.take("https://d.example")).isPresent();
    clock.advance(Duration.ofMinutes(10));
    assertThat(budget.take("https://d.example")).isEmpty();
    assertThat(budget.take("https://e.example")).isEmpty();
    assertThat(budget.take("https://f.example")).as("the burst never exceeds 2").isPresent();
  }

  @Test
  void cyclingThroughMoreAllowListedIssuersThanAreKeptCausesABoundedNumberOfFetches() {
    MutableClock clock = MutableClock.atSystemTime();
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      String prefix = as.url("/tenants/");
      IssuerResolver allowList =
          iss -> {
            if (!iss.startsWith(prefix)) {
              return Optional.empty();
            }
            int tenant = Integer.parseInt(iss.substring(prefix.length()));
            if (tenant < 0 || tenant >= TENANTS) {
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
              .clock(clock)
              .protectedResource(
                  ResourceServerConfig.builder(RESOURCE)
                      .issuerResolver(allowList, "https://login.example/common")
                      .build())
              .build()) {
        BearerAuth auth = mcpAuth.bearerAuth();
        int authorized = 0;
        AuthResult.Denied throttled = null;
        for (int round = 0; round < 3; round++) {
          for (int t = 0; t < TENANTS; t++) {
            AuthResult result = auth.verify(bearer(token(clock, prefix + t)));
            if (result.isAuthorized()) {
              authorized++;
            } else {
              throttled = assertDenied(result, 503);
            }
          }
        }
        // Without a budget: 150 set-ups per round, each evicting another issuer, 450 key-set
        // fetches. With it: the burst of 100 set-ups, then nothing until time passes.
        assertThat(as.hits("/as/jwks")).isEqualTo(ResolvedIssuerBudget.DEFAULT_BURST);
        assertThat(authorized).isEqualTo(3 * ResolvedIssuerBudget.DEFAULT_BURST);
        assertThat(throttled.reason()).isEqualTo(DenialReason.UNAVAILABLE);
        assertThat(throttled.headers()).containsEntry("Retry-After", "1");

        clock.advance(Duration.ofSeconds(50));
        for (int t = 100; t < TENANTS; t++) {
          assertAuthorized(auth.verify(bearer(token(clock, prefix + t))));
        }
        assertThat(as.hits("/as/jwks")).isEqualTo(ResolvedIssuerBudget.DEFAULT_BURST + 50);
      }
    }
  }

  private static String token(MutableClock clock, String issuer) {
    return Tokens.valid(issuer, RESOURCE, clock.instant().getEpochSecond()).build();
  }

  private static RequestHeaders bearer(String token) {
    return RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)));
  }
}
