package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A token whose {@code iss} differs from the configured issuer only by a trailing slash or its path is
 * refused, and the near miss is logged once per value (never the token), so the operator sees why.
 */
class IssuerNearMissLogTest {

  @Test
  void aTrailingSlashNearMissIsLoggedOnceAndTheTokenNever() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (Fixture f = new Fixture()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      String token = f.valid().claim("iss", f.as.issuer() + "/").build();
      Fixture.assertInvalidToken(f.verifyToken(token), DenialReason.UNTRUSTED_ISSUER);
      Fixture.assertInvalidToken(f.verifyToken(f.valid().claim("iss", f.as.issuer() + "/").claim("jti", "2").build()),
          DenialReason.UNTRUSTED_ISSUER);
      Fixture.assertInvalidToken(f.verifyToken(f.valid().claim("iss", "https://elsewhere.example").build()),
          DenialReason.UNTRUSTED_ISSUER);
      System.err.flush();
      String log = captured.toString(StandardCharsets.UTF_8);
      String expected = "tokens from issuer \"" + f.as.issuer() + "/\" are refused: the configured issuer is \""
          + f.as.issuer() + "\"";
      assertThat(log).contains(expected);
      assertThat(log.split(java.util.regex.Pattern.quote(expected), -1)).hasSize(2); // once
      assertThat(log).doesNotContain("elsewhere.example").doesNotContain(token);
    } finally {
      System.setErr(original);
    }
  }
}
