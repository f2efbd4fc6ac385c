package dev.mcpauth;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link ExpiringCache}: one process's memory, bounded in entries. Past the cap,
 * expired entries go first, then arbitrary ones (a cache may forget). Thread-safe.
 */
final class InMemoryExpiringCache implements ExpiringCache {
  /** Default capacity: 10,000 entries. */
  static final int DEFAULT_CAPACITY = 10_000;

  private record Held(String value, long untilMillis) {}

  private final int capacity;
  private final Clock clock;
  private final ConcurrentHashMap<String, Held> entries = new ConcurrentHashMap<>();

  InMemoryExpiringCache(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  @Override
  public Optional<String> get(String key) {
    Held held = entries.get(key);
    if (held == null) {
      return Optional.empty();
    }
    if (clock.millis() >= held.untilMillis()) {
      entries.remove(key, held);
      return Optional.empty();
    }
    return Optional.of(held.value());
  }

  @Override
  public void put(String key, String value, Instant expiresAt) {
    long now = clock.millis();
    if (expiresAt.toEpochMilli() <= now) {
      return;
    }
    if (entries.size() >= capacity) {
      entries.values().removeIf(h -> h.untilMillis() <= now);
      Iterator<String> it = entries.keySet().iterator();
      while (entries.size() >= capacity - capacity / 10 && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    entries.put(key, new Held(value, expiresAt.toEpochMilli()));
  }

  int size() {
    return entries.size();
  }

  /** In-process: never blocks. */
  @Override
  public boolean isNonBlocking() {
    return true;
  }
}
