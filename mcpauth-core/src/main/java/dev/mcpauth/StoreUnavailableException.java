package dev.mcpauth;

/**
 * A {@link SingleUseStore}, {@link ExpiringCache} or {@link SessionStore} cannot answer now (full,
 * unreachable, too slow). The library turns it into 503 with {@code Retry-After}, never into an
 * accepted request. The message must not contain a token or key material.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates one with a message saying what is unavailable. */
  public StoreUnavailableException(String message) {
    super(message);
  }

  /** Creates one with a message and the underlying cause. */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
