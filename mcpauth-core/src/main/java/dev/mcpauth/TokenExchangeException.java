package dev.mcpauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why {@link TokenExchange} gave no token for a downstream call, or refused to make one. There is
 * no fallback: when this is thrown, nothing was sent downstream, and the caller's own token never
 * is. The message names the failed step and the authorization server, never a token or a secret.
 *
 * <p>A tool handler typically answers {@link Kind#UNAVAILABLE} with "try again later" (the
 * equivalent of 503), {@link Kind#REFUSED} with the {@link #error()} code (the user's grant does
 * not reach that far), and logs {@link Kind#MISCONFIGURED} for the operator.
 */
public final class TokenExchangeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The three ways an exchange fails. */
  public enum Kind {
    /**
     * The authorization server (or the downstream API) could not be reached, timed out, answered a
     * 5xx or 429, or sent an unusable answer: transient, retry later ({@link #retryAfter()}).
     */
    UNAVAILABLE,
    /**
     * The authorization server refused this exchange with an OAuth error such as {@code
     * invalid_grant}, {@code invalid_target} or {@code invalid_scope} (RFC 6749 §5.2, RFC 8693
     * §2.2.2): retrying the same request will not help. {@link #error()} has the code.
     */
    REFUSED,
    /**
     * The configuration cannot work: the client credentials are refused ({@code invalid_client},
     * {@code unauthorized_client}), the server does not support the grant, the token endpoint is
     * missing or not https, the caller's token comes from another authorization server, or a token
     * was about to be sent to a URL outside the audience it was issued for.
     */
    MISCONFIGURED
  }

  private final Kind kind;
  private final String error;
  private final Duration retryAfter;

  TokenExchangeException(Kind kind, String error, String message, Duration retryAfter) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.error = error;
    this.retryAfter = retryAfter;
  }

  static TokenExchangeException unavailable(String message) {
    return new TokenExchangeException(Kind.UNAVAILABLE, null, message, null);
  }

  static TokenExchangeException misconfigured(String message) {
    return new TokenExchangeException(Kind.MISCONFIGURED, null, message, null);
  }

  /** Which of the three failures this is. */
  public Kind kind() {
    return kind;
  }

  /**
   * The OAuth {@code error} code the authorization server answered ({@code invalid_grant}, {@code
   * invalid_client}, ...), when it answered one.
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** How long to wait before retrying, when the server said ({@code Retry-After} in seconds). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
