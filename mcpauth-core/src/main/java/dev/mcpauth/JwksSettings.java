package dev.mcpauth;

import java.time.Duration;
import java.util.Objects;

/**
 * How signing keys are cached, one cache per JWKS URI. Every default is a constant below; the policy:
 *
 * <ul>
 *   <li>Keys live for the JWKS response's {@code Cache-Control: max-age}, clamped to
 *       [{@link #minTtl()}, {@link #maxTtl()}], or {@link #defaultTtl()} without one.</li>
 *   <li>{@link #refreshAhead()} before they expire, a request triggers a background refresh; no
 *       request waits for it.</li>
 *   <li>When a refresh fails, the last good keys keep serving for up to {@link #maxStale()} past
 *       their expiry (stale-if-error); only then do requests get 503.</li>
 *   <li>A token with an unknown {@code kid} forces one refetch (a key rotation is picked up within
 *       seconds); fetches start at most once per {@link #refetchCooldown()}, so a flood of tokens with
 *       random kids costs at most one fetch per cool-down. Callers arriving during a fetch join it.</li>
 * </ul>
 *
 * @param defaultTtl key lifetime when the response has no max-age
 * @param minTtl lower bound on a server-provided max-age
 * @param maxTtl upper bound on a server-provided max-age
 * @param refreshAhead how long before expiry a background refresh starts
 * @param maxStale how long past expiry keys keep serving while refreshes fail
 * @param refetchCooldown the minimum time between the starts of two fetches
 */
public record JwksSettings(Duration defaultTtl, Duration minTtl, Duration maxTtl, Duration refreshAhead,
    Duration maxStale, Duration refetchCooldown) {

  /** 5 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  /** 1 minute. */
  public static final Duration DEFAULT_MIN_TTL = Duration.ofMinutes(1);
  /** 24 hours. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(24);
  /** 30 seconds. */
  public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofSeconds(30);
  /** 1 hour. */
  public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(1);
  /**
   * 1 second: short enough to pick up a rotation at once (jose4j uses 300 ms, Nimbus and panva 30 s),
   * long enough that a random-kid flood costs one fetch per second at most.
   */
  public static final Duration DEFAULT_REFETCH_COOLDOWN = Duration.ofSeconds(1);

  /** The defaults above. */
  public static final JwksSettings DEFAULTS = new JwksSettings(DEFAULT_TTL, DEFAULT_MIN_TTL, DEFAULT_MAX_TTL,
      DEFAULT_REFRESH_AHEAD, DEFAULT_MAX_STALE, DEFAULT_REFETCH_COOLDOWN);

  /** Rejects negative durations and contradictions, each in one sentence. */
  public JwksSettings {
    for (Duration d : new Duration[] {defaultTtl, minTtl, maxTtl, refreshAhead, maxStale, refetchCooldown}) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative()) {
        throw new IllegalArgumentException("JWKS durations must not be negative");
      }
    }
    if (minTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("minTtl must not exceed maxTtl");
    }
    if (defaultTtl.compareTo(minTtl) < 0 || defaultTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("defaultTtl must lie between minTtl and maxTtl");
    }
    if (refreshAhead.compareTo(minTtl) >= 0 && !minTtl.isZero()) {
      throw new IllegalArgumentException("refreshAhead must be shorter than minTtl, or every request refreshes");
    }
  }

  /** A copy with another cool-down between fetches. */
  public JwksSettings withRefetchCooldown(Duration cooldown) {
    return new JwksSettings(defaultTtl, minTtl, maxTtl, refreshAhead, maxStale, cooldown);
  }

  /** A copy with another stale-if-error window. */
  public JwksSettings withMaxStale(Duration stale) {
    return new JwksSettings(defaultTtl, minTtl, maxTtl, refreshAhead, stale, refetchCooldown);
  }

  Duration ttlFor(Duration maxAge) {
    if (maxAge == null) {
      return defaultTtl;
    }
    if (maxAge.compareTo(minTtl) < 0) {
      return minTtl;
    }
    return maxAge.compareTo(maxTtl) > 0 ? maxTtl : maxAge;
  }
}
