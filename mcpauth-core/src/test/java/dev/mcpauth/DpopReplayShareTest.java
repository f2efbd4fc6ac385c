package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.DpopProofs;
import dev.mcpauth.testing.TestKeys;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One authenticated DPoP client cannot fill the in-memory replay store and so deny every other
 * client (issue #24, item 14): past its share it alone gets 503, naming the replay store.
 */
class DpopReplayShareTest {
  private static final String HTU = "https://mcp.test/mcp";
  private static final PublicJsonWebKey FLOODER = TestKeys.ec("flooder");
  private static final PublicJsonWebKey OTHER = TestKeys.ec("other");

  private final MutableClock clock = MutableClock.atSystemTime();
  private final Fixture f = new Fixture(b -> b, clock);
  // Capacity 20, so the default share of one proof key is 2.
  private final McpAuth mcpAuth =
      McpAuth.builder()
          .clock(clock)
          .singleUseStore(new InMemorySingleUseStore(20, clock))
          .protectedResource(
              ResourceServerConfig.builder(Fixture.RESOURCE)
                  .authorizationServer(
                      AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, f.as.metadata()))
                  .tokenPolicy(
                      TokenPolicy.builder()
                          .dpop(DpopSettings.builder().replayCheck().build())
                          .build())
                  .build())
          .build();
  private final BearerAuth auth = mcpAuth.bearerAuth();

  @AfterEach
  void close() {
    mcpAuth.close();
    f.close();
  }

  private String tokenBoundTo(PublicJsonWebKey key) {
    return f.valid().claim("cnf", Map.of("jkt", DpopProofs.jkt(key))).build();
  }

  private AuthResult send(PublicJsonWebKey key, String token) {
    String proof = DpopProofs.proof(key, "POST", HTU, token).build();
    return auth.verify(
        RequestHeaders.of(Map.of("Authorization", List.of("DPoP " + token), "DPoP", List.of(proof)))
            .withRequestLine("POST", "/mcp"));
  }

  @Test
  void aClientFloodingFreshProofsIsRefusedAloneWhileOthersKeepWorking() {
    String flooder = tokenBoundTo(FLOODER);
    int accepted = 0;
    AuthResult.Denied refused = null;
    for (int i = 0; i < 25 && refused == null; i++) {
      AuthResult result = send(FLOODER, flooder);
      if (result instanceof AuthResult.Denied d) {
        refused = d;
      } else {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(2);
    assertThat(assertDenied(refused, 503).reason()).isEqualTo(DenialReason.UNAVAILABLE);
    assertThat(refused.headers()).containsKey("Retry-After");
    assertThat(refused.body())
        .contains("DPoP replay store")
        .contains("new DPoP proof")
        .doesNotContain("authorization server");

    String other = tokenBoundTo(OTHER);
    assertAuthorized(send(OTHER, other));
    assertAuthorized(send(OTHER, other));
  }
}
