package dev.mcpauth;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The default {@link SingleUseStore}: one process's memory, hard-capped. Insert and expiry are
 * O(1): keys are kept in a queue in expiry order (every caller uses one horizon, so insertion order
 * is expiry order; a key with an earlier expiry than the tail is still held until the tail's
 * expiry, which only remembers it longer), and expired keys are dropped from the head. When the cap
 * is reached with nothing expired, {@link #firstUse} throws {@link StoreUnavailableException}
 * (503): forgetting would let a replay through. Thread-safe.
 */
final class InMemorySingleUseStore implements SingleUseStore {
  /** Default capacity: 100,000 keys (about 20 MB). */
  static final int DEFAULT_CAPACITY = 100_000;

  private record Held(String key, long untilMillis) {}

  private final int capacity;
  private final Clock clock;
  private final Map<String, Long> until = new HashMap<>();
  private final ArrayDeque<Held> order = new ArrayDeque<>();

  InMemorySingleUseStore(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  @Override
  public synchronized boolean firstUse(String key, Instant expiresAt) {
    long now = clock.millis();
    while (!order.isEmpty() && order.peekFirst().untilMillis() <= now) {
      Held head = order.pollFirst();
      until.remove(head.key(), head.untilMillis());
    }
    Long existing = until.get(key);
    if (existing != null && existing > now) {
      return false;
    }
    if (until.size() >= capacity) {
      throw new StoreUnavailableException("the in-memory single-use store is full");
    }
    long expires =
        Math.max(expiresAt.toEpochMilli(), order.isEmpty() ? 0 : order.peekLast().untilMillis());
    until.put(key, expires);
    order.addLast(new Held(key, expires));
    return true;
  }

  synchronized int size() {
    return until.size();
  }

  /** In-process: never blocks. */
  @Override
  public boolean answersWithoutBlocking() {
    return true;
  }
}
