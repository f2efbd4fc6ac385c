package dev.mcpauth;

import java.time.Instant;

/**
 * Remembers values that may be used once, such as DPoP proof {@code jti}s (RFC 9449 §11.1): the
 * first caller of {@link #firstUse} for a key wins, every later caller until the expiry loses.
 * Shared by every instance of a deployment when backed by a shared store (for example {@code
 * mcpauth-redis}); the default is a bounded in-memory store per process.
 *
 * <p>Keys arrive already hashed and namespaced by the library (no token or {@code jti} in clear),
 * at most 100 ASCII characters. Implementations must be thread-safe and atomic: two concurrent
 * calls with one key never both return true.
 */
interface SingleUseStore {

  /**
   * Records {@code key} as used until {@code expiresAt}.
   *
   * @return true if the key was not recorded (or its record had expired): this is its first use
   * @throws StoreUnavailableException when the store cannot answer now (full, unreachable, too
   *     slow); the request is then refused with 503, never accepted unchecked, and its description
   *     asks the client to retry with a new DPoP proof (a remote store may have recorded this key
   *     although its answer was lost; the Redis store undoes such a record when it can)
   */
  boolean firstUse(String key, Instant expiresAt);

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
