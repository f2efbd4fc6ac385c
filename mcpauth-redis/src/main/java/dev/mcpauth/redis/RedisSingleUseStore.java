package dev.mcpauth.redis;

import dev.mcpauth.SingleUseStore;
import dev.mcpauth.StoreUnavailableException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SingleUseStore} as one atomic {@code SET <prefix><key> <attempt> NX PXAT <expiry>}, where
 * {@code <attempt>} names this one call (a random per-store prefix and a counter).
 *
 * <p><b>A check that failed consumes nothing.</b> A {@code SET} whose answer did not come back in
 * time (the caller got {@link StoreUnavailableException}, so 503) may still be applied by Redis
 * later; that would make the client's retry of the same proof look like a replay (401). So after
 * any failure the store sends, without waiting, a compare-and-delete of the key: it removes the key
 * only if it still holds this call's attempt value (never another instance's record). On the one
 * connection Redis applies it right after the late {@code SET}, before anything sent later, so a
 * retry of the same proof is checked afresh. Safe: the refused request used nothing, and the proof
 * is still accepted at most once. Best effort: if the connection drops in between, the release is
 * lost and a retry of the same proof may get 401; clients should make a new proof for every attempt
 * anyway (RFC 9449 §4.2: a {@code jti} is unique per request), and the 503's description says so.
 */
final class RedisSingleUseStore implements SingleUseStore {
  /** Deletes KEYS[1] only while it holds ARGV[1]: this attempt's value, nobody else's. */
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  private final RedisCommandRunner runner;
  private final String prefix;
  private final String attemptPrefix;
  private final AtomicLong attempts = new AtomicLong();

  RedisSingleUseStore(RedisCommandRunner runner, String prefix) {
    this.runner = runner;
    this.prefix = prefix;
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    // Unique across instances and restarts, so a release never matches another call's record.
    this.attemptPrefix = HexFormat.of().formatHex(random) + "-";
  }

  @Override
  public boolean firstUse(String key, Instant expiresAt) {
    String redisKey = prefix + key;
    String attempt = attemptPrefix + attempts.incrementAndGet();
    SetArgs args = SetArgs.Builder.nx().pxAt(RedisExpiry.epochMillis(expiresAt));
    try {
      // "OK" when this call created the key; null (nil) when it already existed.
      return "OK"
          .equals(runner.run("first use", commands -> commands.set(redisKey, attempt, args)));
    } catch (StoreUnavailableException e) {
      runner.sendWithoutWaiting(
          "first use release",
          async -> async.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {redisKey}, attempt));
      throw e;
    }
  }

  @Override
  public String toString() {
    return "RedisSingleUseStore[" + prefix + "]";
  }
}
