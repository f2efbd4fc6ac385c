package dev.mcpauth.redis;

import java.time.Instant;
import java.util.Objects;

/** Expiry instants as {@code PXAT} arguments. */
final class RedisExpiry {
  private RedisExpiry() {}

  /**
   * Milliseconds since the epoch, at least 1: Redis refuses {@code PXAT 0}, and an expiry in the past
   * makes the key expire at once, which is what the caller asked for.
   */
  static long epochMillis(Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    return Math.max(1, expiresAt.toEpochMilli());
  }
}
