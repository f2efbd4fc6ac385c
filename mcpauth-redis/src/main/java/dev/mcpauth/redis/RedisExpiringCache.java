package dev.mcpauth.redis;

import dev.mcpauth.ExpiringCache;
import io.lettuce.core.SetArgs;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@link ExpiringCache} as {@code GET <prefix><key>} and {@code SET <prefix><key> value PXAT <expiry>}. */
final class RedisExpiringCache implements ExpiringCache {
  private final RedisCommandRunner runner;
  private final String prefix;

  RedisExpiringCache(RedisCommandRunner runner, String prefix) {
    this.runner = runner;
    this.prefix = prefix;
  }

  @Override
  public Optional<String> get(String key) {
    String redisKey = prefix + key;
    return Optional.ofNullable(runner.run("cache get", commands -> commands.get(redisKey)));
  }

  @Override
  public void put(String key, String value, Instant expiresAt) {
    Objects.requireNonNull(value, "value");
    String redisKey = prefix + key;
    SetArgs args = SetArgs.Builder.pxAt(RedisExpiry.epochMillis(expiresAt));
    runner.run("cache put", commands -> commands.set(redisKey, value, args));
  }

  @Override
  public String toString() {
    return "RedisExpiringCache[" + prefix + "]";
  }
}
