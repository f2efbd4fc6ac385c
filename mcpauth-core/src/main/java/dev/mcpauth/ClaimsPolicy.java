package dev.mcpauth;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The claim checks every token goes through, whichever verifier produced it: time (with skew), issuer
 * membership and audience. Methods return a rejection, or null when the check passes (no allocation on
 * the success path). Thread-safe and immutable.
 */
final class ClaimsPolicy {
  /** NumericDate values beyond year 9999 are nonsense and would overflow arithmetic. */
  static final long MAX_NUMERIC_DATE = 253402300799L;

  private final Set<String> trustedIssuers;
  private final Set<String> audiences;
  private final boolean caseInsensitiveSchemeAndHost;
  private final long skewSeconds;
  private final Clock clock;

  ClaimsPolicy(Set<String> trustedIssuers, Set<String> audiences, boolean caseInsensitiveSchemeAndHost,
      long skewSeconds, Clock clock) {
    this.trustedIssuers = trustedIssuers;
    this.audiences = audiences;
    this.caseInsensitiveSchemeAndHost = caseInsensitiveSchemeAndHost;
    this.skewSeconds = skewSeconds;
    this.clock = clock;
  }

  Clock clock() {
    return clock;
  }

  TokenVerification.Rejected issuer(String iss) {
    if (iss == null || !trustedIssuers.contains(iss)) {
      return reject(TokenFailure.UNTRUSTED_ISSUER, "trusted issuers: " + trustedIssuers);
    }
    return null;
  }

  /** RFC 7519 §4.1.3: one of {@code aud} must be ours; exact strings (scheme and host case optional). */
  TokenVerification.Rejected audience(List<String> aud) {
    for (String a : aud) {
      if (audiences.contains(caseInsensitiveSchemeAndHost ? ResourceIdentifier.lowerSchemeAndHost(a) : a)) {
        return null;
      }
    }
    return reject(TokenFailure.AUDIENCE_MISMATCH, "expected one of " + audiences + ", got " + aud);
  }

  /** Checks exp (required), nbf and iat (optional) against now with the skew; seconds since the epoch. */
  TokenVerification.Rejected times(long exp, long nbf, long iat, boolean hasNbf, boolean hasIat) {
    long now = clock.millis() / 1000;
    if (now - skewSeconds >= exp) {
      return reject(TokenFailure.EXPIRED, "exp " + exp + " is before now " + now + " minus skew");
    }
    if (hasNbf && now + skewSeconds < nbf) {
      return reject(TokenFailure.NOT_YET_VALID, "nbf " + nbf + " is after now " + now + " plus skew");
    }
    if (hasIat && now + skewSeconds < iat) {
      return reject(TokenFailure.ISSUED_IN_FUTURE, "iat " + iat + " is after now " + now + " plus skew");
    }
    return null;
  }

  static TokenVerification.Rejected reject(TokenFailure failure, String detail) {
    return (TokenVerification.Rejected) TokenVerification.rejected(failure, detail);
  }
}
