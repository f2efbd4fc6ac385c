package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An outage every request runs into is logged a few times, not once per request. */
class OutageLogTest {

  @Test
  void oneWarningPerIntervalCountingTheSuppressedOnes() {
    MutableClock clock = MutableClock.atSystemTime();
    OutageLog outages =
        new OutageLog(LoggerFactory.getLogger(OutageLogTest.class), clock, Duration.ofSeconds(30));
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 100; i++) {
        outages.warn("store down: {}", "RedisCommandTimeoutException");
      }
      clock.advance(Duration.ofSeconds(31));
      outages.warn("store down: {}", "RedisCommandTimeoutException");
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log.split(Pattern.quote("WARN dev.mcpauth.OutageLogTest"), -1)).hasSize(3);
    assertThat(log).contains("store down: RedisCommandTimeoutException (99 more since the last");
  }
}
