package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How often an {@link IssuerRegistry} may set up an issuer its {@link IssuerResolver} accepted.
 * Each set-up starts empty, so it costs a discovery and a key-set fetch; without a budget, an
 * allow-list larger than the registry's bound would let anyone force both on every request by
 * cycling through its issuers (each one evicting the next). Two limits:
 *
 * <ul>
 *   <li>per issuer: at most one set-up per {@link #DEFAULT_PER_ISSUER_INTERVAL} (so an issuer that
 *       was just evicted is not fetched again at once);
 *   <li>overall: a token bucket of {@link #DEFAULT_BURST} set-ups, refilled by one every {@link
 *       #DEFAULT_REFILL_INTERVAL} (at most about 60 set-ups, so 120 fetches, a minute once the
 *       burst is spent).
 * </ul>
 *
 * Past either limit the token gets the usual 503 with {@code Retry-After}: the issuer is trusted,
 * its keys are just not available now. Thread-safe.
 */
final class ResolvedIssuerBudget {
  /** Set-ups allowed at once, for example when a multi-tenant server starts: 100. */
  static final int DEFAULT_BURST = 100;

  /** One more set-up is allowed every second. */
  static final Duration DEFAULT_REFILL_INTERVAL = Duration.ofSeconds(1);

  /** One issuer is set up at most once per 30 seconds. */
  static final Duration DEFAULT_PER_ISSUER_INTERVAL = Duration.ofSeconds(30);

  private final Clock clock;
  private final int burst;
  private final long refillMillis;
  private final long perIssuerMillis;
  private long tokens;
  private long lastRefillMillis;
  // Insertion order is set-up order, so the oldest entries are at the head. Its size is bounded
  // by the set-ups within one per-issuer interval, which the bucket bounds.
  private final Map<String, Long> lastSetUp = new LinkedHashMap<>();

  ResolvedIssuerBudget(Clock clock) {
    this(clock, DEFAULT_BURST, DEFAULT_REFILL_INTERVAL, DEFAULT_PER_ISSUER_INTERVAL);
  }

  ResolvedIssuerBudget(Clock clock, int burst, Duration refill, Duration perIssuer) {
    this.clock = clock;
    this.burst = burst;
    this.refillMillis = refill.toMillis();
    this.perIssuerMillis = perIssuer.toMillis();
    this.tokens = burst;
    this.lastRefillMillis = clock.millis();
  }

  /**
   * Takes one set-up for {@code issuer} if both limits allow it.
   *
   * @return empty when allowed (and counted); otherwise how long until it may be
   */
  synchronized Optional<Duration> take(String issuer) {
    long now = clock.millis();
    for (Iterator<Long> it = lastSetUp.values().iterator(); it.hasNext(); ) {
      if (now - it.next() < perIssuerMillis) {
        break;
      }
      it.remove();
    }
    Long previous = lastSetUp.get(issuer);
    if (previous != null) {
      return Optional.of(Duration.ofMillis(perIssuerMillis - (now - previous)));
    }
    long earned = (now - lastRefillMillis) / refillMillis;
    if (earned > 0) {
      tokens = Math.min(burst, tokens + earned);
      lastRefillMillis = tokens == burst ? now : lastRefillMillis + earned * refillMillis;
    }
    if (tokens == 0) {
      return Optional.of(Duration.ofMillis(refillMillis - (now - lastRefillMillis)));
    }
    tokens--;
    lastSetUp.put(issuer, now);
    return Optional.empty();
  }
}
