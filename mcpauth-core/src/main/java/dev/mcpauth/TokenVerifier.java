package dev.mcpauth;

import java.time.Duration;
import java.util.Optional;

/**
 * Turns an access token into the caller's identity: the one token-check seam. The built-in JWT
 * verifier, RFC 7662 introspection, mixed JWT/opaque mode and user verifiers (userinfo, a
 * proprietary format) are all implementations of it, configured on the resource with {@link
 * ResourceServerConfig.Builder#tokenVerifier(TokenVerifier)}.
 *
 * <p>Whatever a verifier returns then goes through the same steps: the resource's claims policy
 * (trusted issuer, expiry, audience, subject, custom {@link ClaimValidator}s), proof-of-possession
 * binding (a {@code cnf} in the identity's claims demands a matching DPoP proof), and scopes. A
 * verifier must not throw for a bad token: return {@link Result#rejected}. A verifier that throws
 * anyway is treated as an outage (503), never as a 500 and never as an invalid token.
 *
 * <p>Implementations must be thread-safe: one instance serves concurrent requests.
 */
@FunctionalInterface
public interface TokenVerifier {

  /**
   * Verifies a token; may block (network calls).
   *
   * @param token the token exactly as presented (already checked to be token68)
   * @return the identity, a rejection, or an outage
   */
  Result verify(String token);

  /**
   * Verifies a token if that needs no blocking call (for event-loop threads): the answer, or empty
   * when only {@link #verify} can tell (the caller then finishes the decision where blocking is
   * allowed). The default is always empty: a custom verifier is assumed to block.
   *
   * @param token the token exactly as presented
   * @return the answer, or empty when answering would block
   */
  default Optional<Result> verifyNonBlocking(String token) {
    return Optional.empty();
  }

  /**
   * The outcome of {@link TokenVerifier#verify(String)}: verified, rejected, an outage, or a
   * configuration error. Built with the factories below; the library reads it.
   */
  sealed interface Result
      permits TokenVerified, TokenRejected, TokenUnavailable, TokenMisconfigured {

    /** A verified token with the caller's identity (policy checks still follow). */
    static Result verified(AuthInfo authInfo) {
      return new TokenVerified(authInfo);
    }

    /** A refused token (401 {@code invalid_token}). */
    static Result rejected(DenialReason failure, String detail) {
      return new TokenRejected(failure, Optional.ofNullable(detail));
    }

    /** An outage: the token could not be checked now (503 with {@code Retry-After}). */
    static Result unavailable(String reason, Duration retryAfter) {
      return new TokenUnavailable(reason, retryAfter);
    }

    /**
     * A configuration error: tokens cannot be checked until the configuration changes (500, no
     * {@code Retry-After}; for example discovery of a convention the authorization server does not
     * serve).
     */
    static Result misconfigured(String reason) {
      return new TokenMisconfigured(reason);
    }
  }
}
