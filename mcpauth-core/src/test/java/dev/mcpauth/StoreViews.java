package dev.mcpauth;

import java.time.Instant;
import java.util.Optional;

/**
 * The views the core takes of a {@link SharedStore} (the core's own, not copies), public for the
 * tests of store implementations in other modules: a proof's first use, a session's owner, a cached
 * result, each in the namespace the core uses.
 */
public final class StoreViews {
  private StoreViews() {}

  /** First use of a DPoP proof's {@code jti}. */
  public interface SingleUse {
    /** True the first time {@code key} is seen before {@code expiresAt}. */
    boolean firstUse(String key, Instant expiresAt);
  }

  /** MCP session owners. */
  public interface Sessions {
    /** Binds the session to {@code owner} unless bound; returns the owner it has now. */
    String bindIfAbsent(String sessionId, String owner, Instant expiresAt);

    /** The session's owner. */
    Optional<String> owner(String sessionId);

    /** Forgets the session. */
    void remove(String sessionId);
  }

  /** Cached results. */
  public interface Cache {
    /** The cached value. */
    Optional<String> get(String key);

    /** Caches a value. */
    void put(String key, String value, Instant expiresAt);
  }

  /** The core's single-use view of {@code store}. */
  public static SingleUse singleUse(SharedStore store) {
    SingleUseStore view = SharedStoreViews.singleUse(store);
    return view::firstUse;
  }

  /** The core's session view of {@code store}. */
  public static Sessions sessions(SharedStore store) {
    SessionStore view = SharedStoreViews.sessions(store);
    return new Sessions() {
      @Override
      public String bindIfAbsent(String sessionId, String owner, Instant expiresAt) {
        return view.bindIfAbsent(sessionId, owner, expiresAt);
      }

      @Override
      public Optional<String> owner(String sessionId) {
        return view.owner(sessionId);
      }

      @Override
      public void remove(String sessionId) {
        view.remove(sessionId);
      }
    };
  }

  /** The core's cache view of {@code store}. */
  public static Cache cache(SharedStore store) {
    ExpiringCache view = SharedStoreViews.cache(store);
    return new Cache() {
      @Override
      public Optional<String> get(String key) {
        return view.get(key);
      }

      @Override
      public void put(String key, String value, Instant expiresAt) {
        view.put(key, value, expiresAt);
      }
    };
  }
}
