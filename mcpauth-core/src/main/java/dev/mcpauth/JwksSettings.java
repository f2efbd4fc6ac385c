package dev.mcpauth;

import java.time.Duration;
import java.util.Objects;

/**
 * How signing keys are cached, one cache per JWKS URI. Every default is a constant below; the
 * policy:
 *
 * <ul>
 *   <li>Keys live for the JWKS response's {@code Cache-Control: max-age}, clamped to [{@link
 *       #minTtl()}, {@link #maxTtl()}], or {@link #defaultTtl()} without one.
 *   <li>{@link #refreshAhead()} before they expire, a request triggers a background refresh; no
 *       request waits for it.
 *   <li>When a refresh fails, the last good keys keep serving for up to {@link #maxStale()} past
 *       their expiry (stale-if-error); only then do requests get 503.
 *   <li>A token with an unknown {@code kid} forces one refetch (a key rotation is picked up within
 *       seconds); fetches start at most once per {@link #refetchCooldown()}, so a flood of tokens
 *       with random kids costs at most one fetch per cool-down. Callers arriving during a fetch
 *       join it.
 * </ul>
 *
 * <pre>{@code
 * JwksSettings.builder().maxStale(Duration.ofMinutes(10)).build();
 * }</pre>
 */
public final class JwksSettings {

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
   * 1 second: short enough to pick up a rotation at once (jose4j uses 300 ms, Nimbus and panva 30
   * s), long enough that a random-kid flood costs one fetch per second at most.
   */
  public static final Duration DEFAULT_REFETCH_COOLDOWN = Duration.ofSeconds(1);

  private static final JwksSettings DEFAULTS = builder().build();

  private final Duration defaultTtl;
  private final Duration minTtl;
  private final Duration maxTtl;
  private final Duration refreshAhead;
  private final Duration maxStale;
  private final Duration refetchCooldown;

  private JwksSettings(Builder b) {
    this.defaultTtl = b.defaultTtl;
    this.minTtl = b.minTtl;
    this.maxTtl = b.maxTtl;
    this.refreshAhead = b.refreshAhead;
    this.maxStale = b.maxStale;
    this.refetchCooldown = b.refetchCooldown;
    for (Duration d :
        new Duration[] {defaultTtl, minTtl, maxTtl, refreshAhead, maxStale, refetchCooldown}) {
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
      throw new IllegalArgumentException(
          "refreshAhead must be shorter than minTtl, or every request refreshes");
    }
  }

  /** The defaults above. */
  public static JwksSettings defaults() {
    return DEFAULTS;
  }

  /** Starts a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder newBuilder() {
    return new Builder()
        .defaultTtl(defaultTtl)
        .minTtl(minTtl)
        .maxTtl(maxTtl)
        .refreshAhead(refreshAhead)
        .maxStale(maxStale)
        .refetchCooldown(refetchCooldown);
  }

  /** Key lifetime when the response has no max-age. */
  public Duration defaultTtl() {
    return defaultTtl;
  }

  /** Lower bound on a server-provided max-age. */
  public Duration minTtl() {
    return minTtl;
  }

  /** Upper bound on a server-provided max-age. */
  public Duration maxTtl() {
    return maxTtl;
  }

  /** How long before expiry a background refresh starts. */
  public Duration refreshAhead() {
    return refreshAhead;
  }

  /** How long past expiry keys keep serving while refreshes fail. */
  public Duration maxStale() {
    return maxStale;
  }

  /** The minimum time between the starts of two fetches. */
  public Duration refetchCooldown() {
    return refetchCooldown;
  }

  /**
   * Builds {@link JwksSettings}; {@link #build()} rejects negative durations and contradictions.
   */
  public static final class Builder {
    private Duration defaultTtl = DEFAULT_TTL;
    private Duration minTtl = DEFAULT_MIN_TTL;
    private Duration maxTtl = DEFAULT_MAX_TTL;
    private Duration refreshAhead = DEFAULT_REFRESH_AHEAD;
    private Duration maxStale = DEFAULT_MAX_STALE;
    private Duration refetchCooldown = DEFAULT_REFETCH_COOLDOWN;

    private Builder() {}

    /** Key lifetime when the response has no max-age. */
    public Builder defaultTtl(Duration d) {
      this.defaultTtl = Objects.requireNonNull(d, "defaultTtl");
      return this;
    }

    /** Lower bound on a server-provided max-age. */
    public Builder minTtl(Duration d) {
      this.minTtl = Objects.requireNonNull(d, "minTtl");
      return this;
    }

    /** Upper bound on a server-provided max-age. */
    public Builder maxTtl(Duration d) {
      this.maxTtl = Objects.requireNonNull(d, "maxTtl");
      return this;
    }

    /** How long before expiry a background refresh starts. */
    public Builder refreshAhead(Duration d) {
      this.refreshAhead = Objects.requireNonNull(d, "refreshAhead");
      return this;
    }

    /** How long past expiry keys keep serving while refreshes fail (stale-if-error). */
    public Builder maxStale(Duration d) {
      this.maxStale = Objects.requireNonNull(d, "maxStale");
      return this;
    }

    /** The minimum time between the starts of two fetches. */
    public Builder refetchCooldown(Duration d) {
      this.refetchCooldown = Objects.requireNonNull(d, "refetchCooldown");
      return this;
    }

    /** Checks and builds. */
    public JwksSettings build() {
      return new JwksSettings(this);
    }
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
