package dev.mcpauth;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * One trusted authorization server as the verifier sees it: its exact issuer string, bound to its
 * own keys only (RFC 8725 §3.8: a token claiming issuer A is never checked with B's keys).
 */
final class TrustedIssuer {
  private static final String BUSY =
      "too many accepted issuers are being set up; this one is not fetched now";

  private final String issuer;
  private final AuthServerMetadataCache metadata; // null for an unavailable stand-in
  private final Function<String, JwksCache> jwksCaches;
  private final Duration retryAfter;

  TrustedIssuer(AuthServerMetadataCache metadata, Function<String, JwksCache> jwksCaches) {
    this(metadata.issuer(), metadata, jwksCaches, Duration.ZERO);
  }

  private TrustedIssuer(
      String issuer,
      AuthServerMetadataCache metadata,
      Function<String, JwksCache> jwksCaches,
      Duration retryAfter) {
    this.issuer = issuer;
    this.metadata = metadata;
    this.jwksCaches = jwksCaches;
    this.retryAfter = retryAfter;
  }

  /**
   * A trusted issuer whose metadata and keys may not be fetched now (its set-up is rate-limited):
   * every lookup answers unavailable, without I/O.
   */
  static TrustedIssuer unavailable(String issuer, Duration retryAfter) {
    return new TrustedIssuer(issuer, null, uri -> null, retryAfter);
  }

  String issuer() {
    return issuer;
  }

  /** The issuer's current metadata, discovering it if needed. */
  AuthServerMetadataCache.Lookup.Result metadata() {
    return metadata == null
        ? new AuthServerMetadataCache.Lookup.Unavailable(BUSY, retryAfter)
        : metadata.get();
  }

  /**
   * Whether {@code key} is still in this issuer's current key set, without waiting (for remembered
   * verifications; a stale key set is refreshed in the background).
   */
  boolean stillTrusts(VerificationKey key) {
    if (metadata == null) {
      return false;
    }
    Optional<String> jwksUri = metadata.current().flatMap(AuthServerMetadata::jwksUri);
    return jwksUri.isPresent() && jwksCaches.apply(jwksUri.get()).currentlyHolds(key);
  }

  /**
   * The keys for a token; with {@code mayWait} false, {@link KeyLookup.Pending} instead of waiting.
   */
  KeyLookup.Result keys(String kid, JwsAlgorithm alg, boolean mayWait) {
    if (metadata == null) {
      return new KeyLookup.Unavailable(BUSY, retryAfter);
    }
    AuthServerMetadataCache.Lookup.Result lookup = metadata.get(mayWait);
    if (lookup instanceof AuthServerMetadataCache.Lookup.Pending) {
      return new KeyLookup.Pending();
    }
    if (lookup instanceof AuthServerMetadataCache.Lookup.Unavailable u) {
      return new KeyLookup.Unavailable(u.reason(), u.retryAfter());
    }
    if (lookup instanceof AuthServerMetadataCache.Lookup.Misconfigured m) {
      return new KeyLookup.Misconfigured(m.reason());
    }
    Optional<String> jwksUri = ((AuthServerMetadataCache.Lookup.Ready) lookup).metadata().jwksUri();
    if (jwksUri.isEmpty()) {
      return new KeyLookup.NoMatch();
    }
    return jwksCaches.apply(jwksUri.get()).lookup(kid, alg, mayWait);
  }
}
