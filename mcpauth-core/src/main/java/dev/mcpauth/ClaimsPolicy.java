package dev.mcpauth;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The claim checks every identity goes through once, whichever verifier produced it: trusted
 * issuer, {@code exp} (required), {@code nbf} and {@code iat} with skew, audience, subject, then
 * the resource's custom {@link ClaimValidator}s. Immutable and thread-safe; no allocation when a
 * check passes.
 */
final class ClaimsPolicy {
  private final IssuerRegistry trustedIssuers;
  private final Set<String> audiences;
  private final boolean caseInsensitiveSchemeAndHost;
  private final long skewSeconds;
  private final boolean requireSubject;
  private final List<ClaimValidator> validators;
  private final Set<String> clientIdsAsAudience;
  private final Set<String> allowedClients;
  private final Set<String> allowedClientHosts;
  private final boolean singleAudience;
  private final Clock clock;
  private final RejectionHints hints;

  ClaimsPolicy(IssuerRegistry trustedIssuers, String resource, TokenPolicy policy, Clock clock) {
    this.trustedIssuers = trustedIssuers;
    this.caseInsensitiveSchemeAndHost = policy.caseInsensitiveSchemeAndHost();
    Set<String> accepted = new LinkedHashSet<>();
    for (String a : policy.audiences().isEmpty() ? List.of(resource) : policy.audiences()) {
      accepted.add(caseInsensitiveSchemeAndHost ? ResourceIdentifier.lowerSchemeAndHost(a) : a);
    }
    this.audiences = Set.copyOf(accepted);
    this.skewSeconds = policy.clockSkew().toSeconds();
    this.requireSubject = policy.requireSubject();
    this.validators = policy.claimValidators();
    this.clientIdsAsAudience = Set.copyOf(policy.clientIdsAsAudience());
    this.allowedClients = policy.allowedClients();
    this.allowedClientHosts = policy.allowedClientHosts();
    this.singleAudience = policy.requireSingleAudience();
    this.clock = clock;
    this.hints = new RejectionHints(clock);
  }

  /** The first rule {@code info} breaks, or empty when it passes every check. */
  Optional<TokenRejected> check(AuthInfo info) {
    if (!trustedIssuers.trusts(info.issuer())) {
      hints.untrustedIssuer(info.issuer(), trustedIssuers.configured());
      return reject(
          DenialReason.UNTRUSTED_ISSUER, "trusted issuers: " + trustedIssuers.configured());
    }
    Optional<Instant> exp = info.expiresAt();
    if (exp.isEmpty()) {
      return reject(DenialReason.INVALID_CLAIM, "the verifier reported no expiry");
    }
    long now = clock.millis() / 1000;
    if (now - skewSeconds >= exp.get().getEpochSecond()) {
      return reject(
          DenialReason.EXPIRED,
          "exp " + exp.get().getEpochSecond() + " is before now " + now + " minus skew");
    }
    Optional<Instant> nbf = info.notBefore();
    if (nbf.isPresent() && now + skewSeconds < nbf.get().getEpochSecond()) {
      return reject(DenialReason.NOT_YET_VALID, "nbf is after now plus skew");
    }
    Optional<Instant> iat = info.issuedAt();
    if (iat.isPresent() && now + skewSeconds < iat.get().getEpochSecond()) {
      return reject(DenialReason.ISSUED_IN_FUTURE, "iat is after now plus skew");
    }
    if (!audienceMatches(info.audiences())
        && !(info.clientId().isPresent() && clientIdsAsAudience.contains(info.clientId().get()))) {
      hints.audienceMismatch(info.audiences(), audiences);
      return reject(
          DenialReason.AUDIENCE_MISMATCH,
          "expected one of " + audiences + ", got " + info.audiences());
    }
    if (singleAudience && info.audiences().size() != 1) {
      return reject(
          DenialReason.AUDIENCE_MISMATCH,
          "exactly one audience is required, got " + info.audiences().size());
    }
    if (!clientAllowed(info)) {
      return reject(DenialReason.CLIENT_NOT_ALLOWED, "the token's client is not allowed");
    }
    if (requireSubject && info.subject().map(String::isEmpty).orElse(true)) {
      return reject(DenialReason.INVALID_CLAIM, "sub is required");
    }
    for (ClaimValidator validator : validators) {
      Optional<String> problem;
      try {
        problem = validator.validate(info);
      } catch (RuntimeException e) {
        problem = Optional.of("a claim validator failed: " + e.getClass().getSimpleName());
      }
      if (problem.isPresent()) {
        return reject(DenialReason.INVALID_CLAIM, problem.get());
      }
    }
    return Optional.empty();
  }

  private boolean clientAllowed(AuthInfo info) {
    if (allowedClients.isEmpty() && allowedClientHosts.isEmpty()) {
      return true;
    }
    Optional<String> client = info.clientId();
    if (client.isEmpty()) {
      return false;
    }
    return allowedClients.contains(client.get())
        || ClaimRule.httpsHost(client.get()).filter(allowedClientHosts::contains).isPresent();
  }

  /**
   * RFC 7519 §4.1.3: one of {@code aud} must be ours; exact strings (scheme and host case
   * optional).
   */
  private boolean audienceMatches(List<String> aud) {
    for (String a : aud) {
      if (audiences.contains(
          caseInsensitiveSchemeAndHost ? ResourceIdentifier.lowerSchemeAndHost(a) : a)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<TokenRejected> reject(DenialReason reason, String detail) {
    return Optional.of(new TokenRejected(reason, Optional.ofNullable(detail)));
  }
}
