package dev.mcpauth;

import java.time.Instant;
import java.util.Optional;

/**
 * A cache of short-lived values, such as RFC 7662 introspection results, so that every instance of
 * a deployment can reuse an answer one of them obtained. Keys arrive already hashed and namespaced
 * by the library (never a token), at most 100 ASCII characters; values are the library's own
 * serialised form. A cache may forget anything at any time. Implementations must be thread-safe.
 */
interface ExpiringCache {

  /**
   * The value stored under {@code key}, if present and not expired.
   *
   * @throws StoreUnavailableException when the cache cannot answer now; the library then proceeds
   *     as on a miss (it asks the authorization server), never as on a hit
   */
  Optional<String> get(String key);

  /**
   * Stores {@code value} under {@code key} until {@code expiresAt}.
   *
   * @throws StoreUnavailableException when the cache cannot store now (the library ignores it)
   */
  void put(String key, String value, Instant expiresAt);

  /**
   * Whether every call returns without waiting on I/O (an in-process store). When false, the
   * default, an event-loop adapter ({@code verifyNonBlocking}, {@code checkNonBlocking}) never
   * calls the store on its own thread: the decision answers {@code Pending} and the store is called
   * where the adapter resumes it, on a thread that may block. Return true only for a store that
   * never blocks.
   */
  default boolean isNonBlocking() {
    return false;
  }
}
