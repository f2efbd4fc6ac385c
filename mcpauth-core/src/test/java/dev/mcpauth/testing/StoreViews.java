package dev.mcpauth.testing;

import dev.mcpauth.SharedStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three ways the core uses a {@link SharedStore}, through its public contract, for the tests of
 * store implementations: a proof's first use ({@code putIfAbsent} of a value unique to the attempt
 * under {@code u:}), a session's owner ({@code putIfAbsent} under {@code s:}), a cached result
 * ({@code get}/{@code put} under {@code c:}). The namespaces are the documented ones, so a store's
 * keys can be checked; that the core really uses them is tested end to end through {@code McpAuth}.
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
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String prefix = HexFormat.of().formatHex(random) + "-";
    AtomicLong attempts = new AtomicLong();
    return (key, expiresAt) ->
        store.putIfAbsent("u:" + key, prefix + attempts.incrementAndGet(), expiresAt).isEmpty();
  }

  /** The core's session view of {@code store}. */
  public static Sessions sessions(SharedStore store) {
    return new Sessions() {
      @Override
      public String bindIfAbsent(String sessionId, String owner, Instant expiresAt) {
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
    };
  }

  /** The core's cache view of {@code store}. */
  public static Cache cache(SharedStore store) {
    return new Cache() {
      @Override
      public Optional<String> get(String key) {
        return store.get("c:" + key);
      }

      @Override
      public void put(String key, String value, Instant expiresAt) {
        store.put("c:" + key, value, expiresAt);
      }
    };
  }
}
