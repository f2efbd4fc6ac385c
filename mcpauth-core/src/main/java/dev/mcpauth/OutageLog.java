package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs an outage that every request runs into (a store or an authorization server down) at WARN at
 * most once per interval, with how many were suppressed since; the rest go to DEBUG. A flood of
 * requests during an outage then costs a few log lines, not one per request. Thread-safe.
 */
final class OutageLog {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  private final Logger log;
  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong nextWarnAt = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  OutageLog(Logger log, Clock clock, Duration interval) {
    this.log = log;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /** Logs {@code message} (an SLF4J pattern with one argument). */
  void warn(String message, Object argument) {
    long now = clock.millis();
    long next = nextWarnAt.get();
    if (now >= next && nextWarnAt.compareAndSet(next, now + intervalMillis)) {
      long quiet = suppressed.getAndSet(0);
      if (quiet == 0) {
        log.warn(message, argument);
      } else {
        log.warn(message + " ({} more since the last warning)", argument, quiet);
      }
      return;
    }
    suppressed.incrementAndGet();
    log.debug(message, argument);
  }
}
