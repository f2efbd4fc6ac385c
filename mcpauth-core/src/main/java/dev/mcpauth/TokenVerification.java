package dev.mcpauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link TokenVerifier#verify(String)}: verified, rejected, an outage, or a
 * configuration error.
 */
public sealed interface TokenVerification {

  /** A verified token with the caller's identity (policy checks still follow). */
  static TokenVerification verified(AuthInfo authInfo) {
    return new Verified(authInfo);
  }

  /** A refused token (401 {@code invalid_token}). */
  static TokenVerification rejected(DenialReason failure, String detail) {
    return new Rejected(failure, Optional.ofNullable(detail));
  }

  /** An outage: the token could not be checked now (503 with {@code Retry-After}). */
  static TokenVerification unavailable(String reason, Duration retryAfter) {
    return new Unavailable(reason, retryAfter);
  }

  /**
   * A configuration error: tokens cannot be checked until the configuration changes (500, no {@code
   * Retry-After}; for example discovery of a convention the authorization server does not serve).
   */
  static TokenVerification misconfigured(String reason) {
    return new Misconfigured(reason);
  }

  /**
   * The token is genuine.
   *
   * @param authInfo who the caller is
   */
  record Verified(AuthInfo authInfo) implements TokenVerification {
    /** Checks the identity is present. */
    public Verified {
      Objects.requireNonNull(authInfo, "authInfo");
    }
  }

  /**
   * The token is refused.
   *
   * @param failure the reason, with its client-safe description
   * @param detail expected-versus-actual detail, shown only with {@code showErrorDetails}; never
   *     the token
   */
  record Rejected(DenialReason failure, Optional<String> detail) implements TokenVerification {
    /** Checks both parts are present. */
    public Rejected {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * The token could not be checked because something the check depends on is down.
   *
   * @param reason what is down (logged; shown to clients only with {@code showErrorDetails})
   * @param retryAfter when to try again
   */
  record Unavailable(String reason, Duration retryAfter) implements TokenVerification {
    /** Checks both parts are present. */
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /**
   * The token could not be checked because the resource server is misconfigured; retrying will not
   * help until the configuration changes.
   *
   * @param reason what is wrong and how to fix it (logged; shown to clients only with {@code
   *     showErrorDetails})
   */
  record Misconfigured(String reason) implements TokenVerification {
    /** Checks the reason is present. */
    public Misconfigured {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
