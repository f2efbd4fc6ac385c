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
 * expiry, which only remembers it longer), and expired keys are dropped from the head before
 * anything is refused. When the cap is reached with nothing expired, {@link #firstUse} throws
 * {@link StoreUnavailableException} (503): forgetting would let a replay through.
 *
 * <p>So that one caller cannot fill it for everybody (every DPoP request of every user would then
 * get 503), {@link #firstUse(String, String, Instant)} also caps what one partition (a DPoP proof
 * key, {@code jkt}) may hold: past its share, that partition's calls fail with {@link
 * StoreUnavailableException} while the others go on. The default share is a tenth of the capacity:
 * 10,000 proofs per key within the replay horizon (ten minutes with the default window), about 16
 * requests a second sustained; a client must hold ten tokens bound to ten keys to fill the store.
 * Thread-safe.
 */
final class InMemorySingleUseStore implements SingleUseStore {
  /** Default capacity: 100,000 keys (about 20 MB). */
  static final int DEFAULT_CAPACITY = 100_000;

  private record Held(String key, String partition, long untilMillis) {}

  private final int capacity;
  private final int maxPerPartition;
  private final Clock clock;
  private final Map<String, Long> until = new HashMap<>();
  private final Map<String, Integer> perPartition = new HashMap<>();
  private final ArrayDeque<Held> order = new ArrayDeque<>();

  InMemorySingleUseStore(int capacity, Clock clock) {
    this(capacity, Math.max(1, capacity / 10), clock);
  }

  InMemorySingleUseStore(int capacity, int maxPerPartition, Clock clock) {
    this.capacity = capacity;
    this.maxPerPartition = maxPerPartition;
    this.clock = clock;
  }

  @Override
  public boolean firstUse(String key, Instant expiresAt) {
    return firstUse(null, key, expiresAt);
  }

  /**
   * {@link #firstUse(String, Instant)}, counting the key against {@code partition}'s share (none
   * when null).
   *
   * @throws StoreUnavailableException when the store is full, or {@code partition} holds its share
   */
  synchronized boolean firstUse(String partition, String key, Instant expiresAt) {
    long now = clock.millis();
    while (!order.isEmpty() && order.peekFirst().untilMillis() <= now) {
      Held head = order.pollFirst();
      until.remove(head.key(), head.untilMillis());
      if (head.partition() != null) {
        perPartition.computeIfPresent(head.partition(), (p, n) -> n == 1 ? null : n - 1);
      }
    }
    Long existing = until.get(key);
    if (existing != null && existing > now) {
      return false;
    }
    if (partition != null && perPartition.getOrDefault(partition, 0) >= maxPerPartition) {
      throw new StoreUnavailableException(
          "one DPoP proof key holds its share ("
              + maxPerPartition
              + " entries) of the in-memory single-use store");
    }
    if (until.size() >= capacity) {
      throw new StoreUnavailableException("the in-memory single-use store is full");
    }
    long expires =
        Math.max(expiresAt.toEpochMilli(), order.isEmpty() ? 0 : order.peekLast().untilMillis());
    until.put(key, expires);
    order.addLast(new Held(key, partition, expires));
    if (partition != null) {
      perPartition.merge(partition, 1, Integer::sum);
    }
    return true;
  }

  synchronized int size() {
    return until.size();
  }

  /** In-process: never blocks. */
  @Override
  public boolean isNonBlocking() {
    return true;
  }
}
