package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A token from an issuer that is not trusted is refused, and the operator is told why (never the
 * token): a near miss (a trailing slash, another path, 127.0.0.1 for localhost) once per value; any
 * other issuer next to the trusted ones, at most once per interval.
 */
class IssuerNearMissLogTest {

  /** What {@code run} logs to stderr (slf4j-simple). */
  static String logOf(Consumer<PrintStream> run) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8);
      System.setErr(err);
      run.accept(err);
      err.flush();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static int count(String log, String text) {
    return log.split(Pattern.quote(text), -1).length - 1;
  }

  @Test
  void aTrailingSlashNearMissIsLoggedOnceAndTheTokenNever() {
    try (Fixture f = new Fixture()) {
      String token = f.valid().claim("iss", f.as.issuer() + "/").build();
      String log =
          logOf(
              err -> {
                Fixture.assertInvalidToken(f.verifyToken(token), DenialReason.UNTRUSTED_ISSUER);
                Fixture.assertInvalidToken(
                    f.verifyToken(
                        f.valid().claim("iss", f.as.issuer() + "/").claim("jti", "2").build()),
                    DenialReason.UNTRUSTED_ISSUER);
              });
      String expected =
          "tokens from issuer \""
              + f.as.issuer()
              + "/\" are refused: the configured issuer is \""
              + f.as.issuer()
              + "\"";
      assertThat(count(log, expected)).isEqualTo(1);
      assertThat(log).doesNotContain(token);
    }
  }

  @Test
  void localhostFor127001IsLoggedAsTheNearMissItIs() {
    try (Fixture f = new Fixture()) {
      String localhost = f.as.issuer().replace("127.0.0.1", "localhost");
      String token = f.valid().claim("iss", localhost).build();
      String log =
          logOf(
              err ->
                  Fixture.assertInvalidToken(f.verifyToken(token), DenialReason.UNTRUSTED_ISSUER));
      assertThat(log)
          .contains(
              "tokens from issuer \""
                  + localhost
                  + "\" are refused: the configured issuer is \""
                  + f.as.issuer()
                  + "\"; iss must be exactly the same string, and localhost and 127.0.0.1 are"
                  + " different strings (configure the issuer as your authorization server writes"
                  + " it)")
          .doesNotContain(token);
    }
  }

  @Test
  void anyOtherIssuerIsLoggedNextToTheTrustedOnesAtMostOncePerInterval() {
    MutableClock clock = MutableClock.atSystemTime();
    try (Fixture f = new Fixture(UnaryOperator.identity(), clock)) {
      String forged =
          f.valid().claim("iss", "https://elsewhere.example/\nWARN forged line").build();
      String log =
          logOf(
              err -> {
                for (int i = 0; i < 5; i++) {
                  Fixture.assertInvalidToken(
                      f.verifyToken(
                          f.valid()
                              .claim("iss", "https://elsewhere.example")
                              .claim("jti", "j" + i)
                              .build()),
                      DenialReason.UNTRUSTED_ISSUER);
                }
                clock.advance(RejectionHints.INTERVAL.plus(Duration.ofSeconds(1)));
                Fixture.assertInvalidToken(f.verifyToken(forged), DenialReason.UNTRUSTED_ISSUER);
              });
      assertThat(log)
          .contains(
              "a token from issuer \"https://elsewhere.example\" is refused: the trusted issuers"
                  + " are [\""
                  + f.as.issuer()
                  + "\"]; if that issuer is yours, trust it with exactly this string");
      assertThat(count(log, "a token from issuer")).isEqualTo(2); // 4 suppressed
      assertThat(log)
          .contains(
              "a token from issuer \"https://elsewhere.example/?WARN forged line\" is refused",
              "(4 more since the last warning)")
          .doesNotContain(forged)
          .doesNotContain("\nWARN forged line");
    }
  }
}
