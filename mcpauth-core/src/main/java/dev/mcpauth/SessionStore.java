package dev.mcpauth;

import java.time.Instant;
import java.util.Optional;

/**
 * Who created each MCP session, so that nobody else can use it. Session ids and owners arrive
 * already hashed and namespaced by the library, at most 100 ASCII characters each. Implementations
 * must be thread-safe; {@link #bindIfAbsent} must be atomic.
 */
interface SessionStore {

  /**
   * Binds {@code sessionId} to {@code owner} until {@code expiresAt}, unless it is bound already.
   *
   * @return the owner the session is bound to after the call (the existing one, or {@code owner})
   * @throws StoreUnavailableException when the store cannot answer (the request then gets 503)
   */
  String bindIfAbsent(String sessionId, String owner, Instant expiresAt);

  /**
   * The owner of a session, if it is bound.
   *
   * @throws StoreUnavailableException when the store cannot answer (the request then gets 503)
   */
  Optional<String> owner(String sessionId);

  /** Forgets a session (after it ended). Failures are ignored by the library. */
  void remove(String sessionId);

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
