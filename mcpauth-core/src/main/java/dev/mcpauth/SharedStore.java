package dev.mcpauth;

import java.time.Instant;
import java.util.Optional;

/**
 * Where state that must hold across instances lives: DPoP proof {@code jti}s (each proof accepted
 * once), MCP session owners (a session belongs to the caller who created it) and cached
 * introspection results. One small key-value SPI covers all three: {@link #putIfAbsent} decides a
 * proof's first use and binds a session to its creator, {@link #get}/{@link #put} serve the cache.
 * The default is this process's memory; {@code mcpauth-redis}'s {@code RedisStores} is a shared
 * implementation, and any store with an atomic set-if-absent and per-key expiry can be one.
 *
 * <p>Keys arrive namespaced and hashed where they hold anything derived from a token; values are
 * short strings. Every method may throw {@link StoreUnavailableException} when the store cannot
 * answer now: the request then gets 503 with {@code Retry-After}, never a decision made without the
 * store. Implementations must be thread-safe.
 */
public interface SharedStore {

  /**
   * Stores {@code value} under {@code key} until {@code expiresAt} unless the key holds an
   * unexpired value, atomically across every instance that shares the store.
   *
   * <p>A call that throws must leave nothing behind as far as it can: a write that may still be
   * applied after a timeout is to be undone (only while it still holds this {@code value}), so that
   * a retry is decided afresh.
   *
   * @return empty when {@code value} was stored; the value found otherwise
   * @throws StoreUnavailableException when the store cannot answer now
   */
  Optional<String> putIfAbsent(String key, String value, Instant expiresAt);

  /**
   * The unexpired value under {@code key}.
   *
   * @throws StoreUnavailableException when the store cannot answer now
   */
  Optional<String> get(String key);

  /**
   * Stores {@code value} under {@code key} until {@code expiresAt}, replacing any value.
   *
   * @throws StoreUnavailableException when the store cannot store now (a cache write is then
   *     skipped)
   */
  void put(String key, String value, Instant expiresAt);

  /**
   * Removes {@code key}.
   *
   * @throws StoreUnavailableException when the store cannot answer now
   */
  void remove(String key);

  /**
   * Whether every method answers without blocking (an in-process store). False for a network store:
   * an adapter on an event loop then finishes the decision where blocking is allowed.
   */
  default boolean isNonBlocking() {
    return false;
  }
}
