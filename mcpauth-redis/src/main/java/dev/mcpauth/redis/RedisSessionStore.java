package dev.mcpauth.redis;

import dev.mcpauth.SessionStore;
import io.lettuce.core.SetArgs;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SessionStore} as {@code SET <prefix><id> owner NX GET PXAT <expiry>} (atomic bind-or-read,
 * Redis 7 and Valkey), {@code GET} and {@code DEL}.
 */
final class RedisSessionStore implements SessionStore {
  private final RedisCommandRunner runner;
  private final String prefix;

  RedisSessionStore(RedisCommandRunner runner, String prefix) {
    this.runner = runner;
    this.prefix = prefix;
  }

  @Override
  public String bindIfAbsent(String sessionId, String owner, Instant expiresAt) {
    Objects.requireNonNull(owner, "owner");
    String redisKey = prefix + sessionId;
    SetArgs args = SetArgs.Builder.nx().pxAt(RedisExpiry.epochMillis(expiresAt));
    // With NX and GET together, SET answers the existing value (and sets nothing), or nil after
    // setting ours: one atomic round trip.
    String existing = runner.run("session bind", commands -> commands.setGet(redisKey, owner, args));
    return existing == null ? owner : existing;
  }

  @Override
  public Optional<String> owner(String sessionId) {
    String redisKey = prefix + sessionId;
    return Optional.ofNullable(runner.run("session owner", commands -> commands.get(redisKey)));
  }

  @Override
  public void remove(String sessionId) {
    String redisKey = prefix + sessionId;
    runner.run("session remove", commands -> commands.del(redisKey));
  }

  @Override
  public String toString() {
    return "RedisSessionStore[" + prefix + "]";
  }
}
