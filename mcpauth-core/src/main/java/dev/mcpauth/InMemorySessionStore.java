package dev.mcpauth;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link SessionStore}: one process's memory, bounded per owner and in total. One owner
 * creating many sessions only ever evicts its own oldest ones; a full store refuses new bindings
 * ({@link StoreUnavailableException}) rather than evict someone else's. An evicted or expired
 * session is unknown, and the MCP gate answers unknown sessions with 404, so it is never usable by
 * anyone. Thread-safe.
 */
final class InMemorySessionStore implements SessionStore {
  /** Default cap on all sessions: 10,000. */
  static final int DEFAULT_CAPACITY = 10_000;

  /** Default cap on the sessions of one owner: 100. */
  static final int DEFAULT_PER_OWNER = 100;

  private record Binding(String owner, long untilMillis) {}

  private final int capacity;
  private final int perOwner;
  private final Clock clock;
  private final Map<String, Binding> bindings = new HashMap<>();
  private final Map<String, ArrayDeque<String>> byOwner = new HashMap<>();

  InMemorySessionStore(int capacity, int perOwner, Clock clock) {
    this.capacity = capacity;
    this.perOwner = perOwner;
    this.clock = clock;
  }

  @Override
  public synchronized String bindIfAbsent(String sessionId, String owner, Instant expiresAt) {
    Optional<String> existing = owner(sessionId);
    if (existing.isPresent()) {
      return existing.get();
    }
    ArrayDeque<String> mine = byOwner.computeIfAbsent(owner, o -> new ArrayDeque<>());
    while (mine.size() >= perOwner) {
      bindings.remove(mine.pollFirst());
    }
    if (bindings.size() >= capacity) {
      long now = clock.millis();
      bindings.entrySet().removeIf(e -> e.getValue().untilMillis() <= now);
      byOwner.values().forEach(q -> q.removeIf(id -> !bindings.containsKey(id)));
      byOwner.values().removeIf(ArrayDeque::isEmpty);
      mine = byOwner.computeIfAbsent(owner, o -> new ArrayDeque<>());
      if (bindings.size() >= capacity) {
        throw new StoreUnavailableException("the in-memory session store is full");
      }
    }
    bindings.put(sessionId, new Binding(owner, expiresAt.toEpochMilli()));
    mine.addLast(sessionId);
    return owner;
  }

  @Override
  public synchronized Optional<String> owner(String sessionId) {
    Binding b = bindings.get(sessionId);
    if (b == null) {
      return Optional.empty();
    }
    if (clock.millis() >= b.untilMillis()) {
      remove(sessionId);
      return Optional.empty();
    }
    return Optional.of(b.owner());
  }

  @Override
  public synchronized void remove(String sessionId) {
    Binding b = bindings.remove(sessionId);
    if (b != null) {
      ArrayDeque<String> mine = byOwner.get(b.owner());
      if (mine != null) {
        mine.remove(sessionId);
        if (mine.isEmpty()) {
          byOwner.remove(b.owner());
        }
      }
    }
  }

  synchronized int size() {
    return bindings.size();
  }

  /** In-process: never blocks. */
  @Override
  public boolean isNonBlocking() {
    return true;
  }
}
