package dev.mcpauth;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on every outbound fetch the library makes (discovery documents and JWKS): a slow or
 * hostile endpoint can cost a request at most {@link #callTimeout()} and {@link
 * #maxResponseBytes()} of memory. Redirects are never followed: keys and metadata come only from
 * the configured URL.
 *
 * <pre>{@code
 * FetchLimits.builder().callTimeout(Duration.ofSeconds(3)).build();
 * }</pre>
 */
public final class FetchLimits {

  /** Default connect timeout: 2 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Default call timeout: 5 seconds. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

  /** Default body size cap: 128 KiB (real JWKS and metadata documents are a few KiB). */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 128 * 1024;

  private static final FetchLimits DEFAULTS = builder().build();

  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final long maxResponseBytes;

  private FetchLimits(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.callTimeout = b.callTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || callTimeout.isNegative()
        || callTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
  }

  /** The defaults above. */
  public static FetchLimits defaults() {
    return DEFAULTS;
  }

  /** Starts a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these limits. */
  public Builder newBuilder() {
    return new Builder()
        .connectTimeout(connectTimeout)
        .callTimeout(callTimeout)
        .maxResponseBytes(maxResponseBytes);
  }

  /** TCP connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The whole call, from DNS to the last body byte. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** The largest body accepted; bigger bodies are a fetch failure. */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /** Builds {@link FetchLimits}; {@link #build()} checks that every bound is positive. */
  public static final class Builder {
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

    private Builder() {}

    /** TCP connect timeout. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d, "connectTimeout");
      return this;
    }

    /** The whole call, from DNS to the last body byte. */
    public Builder callTimeout(Duration d) {
      this.callTimeout = Objects.requireNonNull(d, "callTimeout");
      return this;
    }

    /** The largest body accepted. */
    public Builder maxResponseBytes(long bytes) {
      this.maxResponseBytes = bytes;
      return this;
    }

    /** Checks and builds. */
    public FetchLimits build() {
      return new FetchLimits(this);
    }
  }
}
