package dev.mcpauth;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on every outbound fetch the library makes (discovery documents and JWKS): a slow or hostile
 * endpoint can cost a request at most {@link #callTimeout()} and {@link #maxResponseBytes()} of memory.
 * Redirects are never followed: keys and metadata come only from the configured URL.
 *
 * @param connectTimeout TCP connect timeout
 * @param callTimeout the whole call, from DNS to the last body byte
 * @param maxResponseBytes the largest body accepted; bigger bodies are a fetch failure
 */
public record FetchLimits(Duration connectTimeout, Duration callTimeout, long maxResponseBytes) {

  /** Default connect timeout: 2 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** Default call timeout: 5 seconds. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
  /** Default body size cap: 128 KiB (real JWKS and metadata documents are a few KiB). */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 128 * 1024;

  /** The defaults above. */
  public static final FetchLimits DEFAULTS =
      new FetchLimits(DEFAULT_CONNECT_TIMEOUT, DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);

  /** Checks that every bound is positive. */
  public FetchLimits {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero() || callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
  }
}
