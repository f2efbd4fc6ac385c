package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.DpopProofs;
import dev.mcpauth.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * A flood of unauthenticated DPoP requests whose proof key is an unacceptable RSA key costs one
 * WARN line per interval, with the count of the quiet ones, not one per request (issue #24, item
 * 13).
 */
class DpopRefusedKeyLogTest {
  private static final String HTU = "https://mcp.test/mcp";
  private static final PublicJsonWebKey WEAK_CLIENT = TestKeys.rsa("weak-client", 1024);
  private static final String WARNING = "refusing DPoP proofs signed by RSA keys";

  @Test
  void aFloodOfProofsWithA1024BitRsaKeyLogsOneWarningPerInterval() {
    MutableClock clock = MutableClock.atSystemTime();
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (Fixture f = new Fixture(b -> b.dpop(DpopSettings.defaults()), clock)) {
      String token = f.valid().claim("cnf", Map.of("jkt", DpopProofs.jkt(WEAK_CLIENT))).build();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (int i = 0; i < 50; i++) {
        AuthResult.Denied denied = Fixture.assertDenied(send(f, token), 401);
        assertThat(denied.wwwAuthenticate().orElseThrow()).contains("invalid_dpop_proof");
      }
      clock.advance(Duration.ofSeconds(31));
      Fixture.assertDenied(send(f, token), 401);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    List<String> warnings =
        log.lines().filter(l -> l.contains("WARN") && l.contains("RSA")).toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains(WARNING).contains("1024-bit modulus");
    assertThat(warnings.get(1)).contains("(49 more since the last warning)");
    assertThat(log.split(Pattern.quote("weak-client"), -1)).hasSize(1); // the kid is not logged
  }

  private static AuthResult send(Fixture f, String token) {
    String proof = DpopProofs.proof(WEAK_CLIENT, "POST", HTU, token).header("alg", "RS256").build();
    return f.auth.verify(
        RequestHeaders.of(Map.of("Authorization", List.of("DPoP " + token), "DPoP", List.of(proof)))
            .withRequestLine("POST", "/mcp"));
  }
}
