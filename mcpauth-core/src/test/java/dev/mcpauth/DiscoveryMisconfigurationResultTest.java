package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a request gets while discovery is misconfigured (the chosen convention's well-known URL is
 * not served): 500 {@code server_error} without {@code Retry-After} or a challenge, logged once
 * with the fix; the configuration is still retried, so a server that starts serving the URL is
 * picked up; and a real outage still answers 503 with {@code Retry-After}.
 */
class DiscoveryMisconfigurationResultTest {
  private static final Duration RETRY = Duration.ofSeconds(30);

  private static McpAuth discovering(
      String issuer, AuthServerConfig.Type type, MutableClock clock) {
    return McpAuth.builder()
        .clock(clock)
        .discoveryRetryInterval(RETRY)
        .protectedResource(
            ResourceServerConfig.builder(Tokens.RESOURCE)
                .authorizationServer(AuthServerConfig.discover(issuer, type))
                .build())
        .build();
  }

  private static AuthResult call(McpAuth mcpAuth, String token) {
    return mcpAuth
        .bearerAuth(BearerAuthConfig.builder().build())
        .verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))));
  }

  @Test
  void aMismatchedConventionIsAConfigurationErrorNotAnOutage() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    MutableClock clock = MutableClock.atSystemTime();
    try (FakeAuthorizationServer as = new FakeAuthorizationServer();
        McpAuth mcpAuth = discovering(as.issuer(), AuthServerConfig.Type.OAUTH, clock)) {
      String token = Tokens.valid(as.issuer(), Tokens.RESOURCE).build();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (int i = 0; i < 3; i++) {
        AuthResult.Denied denied = Fixture.assertDenied(call(mcpAuth, token), 500);
        assertThat(denied.reason()).isEqualTo(DenialReason.MISCONFIGURED);
        assertThat(denied.wwwAuthenticate()).isEmpty();
        assertThat(denied.headers()).doesNotContainKeys("Retry-After", "WWW-Authenticate");
        assertThat(denied.body())
            .isEqualTo(
                "{\"error\":\"server_error\",\"error_description\":\""
                    + DenialReason.MISCONFIGURED.description()
                    + "\"}");
        clock.advance(RETRY.plusSeconds(1)); // retried: still not served
      }
      System.err.flush();
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log.split(Pattern.quote("use type oidc or auto"), -1))
          .as("the discovery names the fix once, the cache says what clients get once")
          .hasSize(3);
      assertThat(log).contains("requests needing its keys get 500 until the configuration changes");
      assertThat(log).doesNotContain(token);

      // The authorization server starts serving RFC 8414 metadata: picked up on the next retry.
      as.respond(
          path ->
              path.equals("/.well-known/oauth-authorization-server/as")
                  ? FakeAuthorizationServer.json(200, as.metadataJson(as.issuer()))
                  : path.equals("/as/jwks")
                      ? FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1))
                      : FakeAuthorizationServer.json(404, "{}"));
      clock.advance(RETRY.plusSeconds(1));
      assertThat(Fixture.assertAuthorized(call(mcpAuth, token)).issuer()).isEqualTo(as.issuer());
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void anUnreachableServerIsStillAnOutage() {
    MutableClock clock = MutableClock.atSystemTime();
    try (McpAuth mcpAuth =
        discovering("http://127.0.0.1:9/as", AuthServerConfig.Type.OAUTH, clock)) {
      String token = Tokens.valid("http://127.0.0.1:9/as", Tokens.RESOURCE).build();
      AuthResult.Denied denied = Fixture.assertDenied(call(mcpAuth, token), 503);
      assertThat(denied.reason()).isEqualTo(DenialReason.UNAVAILABLE);
      assertThat(denied.headers()).containsKey("Retry-After");
    }
  }
}
