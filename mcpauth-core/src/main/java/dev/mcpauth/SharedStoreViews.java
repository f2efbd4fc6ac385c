package dev.mcpauth;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three internal stores over one {@link SharedStore}, each in its own key namespace ({@code u:}
 * single use, {@code s:} sessions, {@code c:} cache).
 */
final class SharedStoreViews {
  private SharedStoreViews() {}

  static SingleUseStore singleUse(SharedStore store) {
    return new SingleUse(Objects.requireNonNull(store, "store"));
  }

  static SessionStore sessions(SharedStore store) {
    Objects.requireNonNull(store, "store");
    return new SessionStore() {
      @Override
      public String bindIfAbsent(String sessionId, String owner, Instant expiresAt) {
        Objects.requireNonNull(owner, "owner");
        return store.putIfAbsent("s:" + sessionId, owner, expiresAt).orElse(owner);
      }

      @Override
      public Optional<String> owner(String sessionId) {
        return store.get("s:" + sessionId);
      }

      @Override
      public void remove(String sessionId) {
        store.remove("s:" + sessionId);
      }

      @Override
      public boolean isNonBlocking() {
        return store.isNonBlocking();
      }
    };
  }

  static ExpiringCache cache(SharedStore store) {
    Objects.requireNonNull(store, "store");
    return new ExpiringCache() {
      @Override
      public Optional<String> get(String key) {
        return store.get("c:" + key);
      }

      @Override
      public void put(String key, String value, Instant expiresAt) {
        store.put("c:" + key, Objects.requireNonNull(value, "value"), expiresAt);
      }

      @Override
      public boolean isNonBlocking() {
        return store.isNonBlocking();
      }
    };
  }

  /**
   * First use as set-if-absent of a value unique to this attempt (a random per-view prefix and a
   * counter), so a store that undoes a failed write ({@link SharedStore#putIfAbsent}) never undoes
   * another attempt's or another instance's record.
   */
  private static final class SingleUse implements SingleUseStore {
    private final SharedStore store;
    private final String attemptPrefix;
    private final AtomicLong attempts = new AtomicLong();

    SingleUse(SharedStore store) {
      this.store = store;
      byte[] random = new byte[8];
      new SecureRandom().nextBytes(random);
      this.attemptPrefix = HexFormat.of().formatHex(random) + "-";
    }

    @Override
    public boolean firstUse(String key, Instant expiresAt) {
      String attempt = attemptPrefix + attempts.incrementAndGet();
      return store.putIfAbsent("u:" + key, attempt, expiresAt).isEmpty();
    }

    @Override
    public boolean isNonBlocking() {
      return store.isNonBlocking();
    }
  }
}
