package dev.mcpauth.redis;

import dev.mcpauth.SingleUseStore;
import io.lettuce.core.SetArgs;
import java.time.Instant;

/** {@link SingleUseStore} as one atomic {@code SET <prefix><key> 1 NX PXAT <expiry>}. */
final class RedisSingleUseStore implements SingleUseStore {
  private final RedisCommandRunner runner;
  private final String prefix;

  RedisSingleUseStore(RedisCommandRunner runner, String prefix) {
    this.runner = runner;
    this.prefix = prefix;
  }

  @Override
  public boolean firstUse(String key, Instant expiresAt) {
    String redisKey = prefix + key;
    SetArgs args = SetArgs.Builder.nx().pxAt(RedisExpiry.epochMillis(expiresAt));
    // "OK" when this call created the key; null (nil) when it already existed.
    return "OK".equals(runner.run("first use", commands -> commands.set(redisKey, "1", args)));
  }

  @Override
  public String toString() {
    return "RedisSingleUseStore[" + prefix + "]";
  }
}
