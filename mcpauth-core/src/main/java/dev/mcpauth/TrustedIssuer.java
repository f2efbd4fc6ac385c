package dev.mcpauth;

import java.util.Optional;
import java.util.function.Function;

/**
 * One trusted authorization server as the verifier sees it: its exact issuer string, bound to its
 * own keys only (RFC 8725 §3.8: a token claiming issuer A is never checked with B's keys).
 */
final class TrustedIssuer {
  private final AuthServerMetadataCache metadata;
  private final Function<String, JwksCache> jwksCaches;

  TrustedIssuer(AuthServerMetadataCache metadata, Function<String, JwksCache> jwksCaches) {
    this.metadata = metadata;
    this.jwksCaches = jwksCaches;
  }

  String issuer() {
    return metadata.issuer();
  }

  /** The issuer's current metadata, discovering it if needed. */
  AuthServerMetadataCache.Lookup metadata() {
    return metadata.get();
  }

  /**
   * Whether {@code key} is still in this issuer's current key set, without waiting (for remembered
   * verifications; a stale key set is refreshed in the background).
   */
  boolean stillTrusts(VerificationKey key) {
    Optional<String> jwksUri = metadata.current().flatMap(AuthServerMetadata::jwksUri);
    return jwksUri.isPresent() && jwksCaches.apply(jwksUri.get()).currentlyHolds(key);
  }

  /**
   * The keys for a token; with {@code mayWait} false, {@link KeyLookup.Pending} instead of waiting.
   */
  KeyLookup keys(String kid, JwsAlgorithm alg, boolean mayWait) {
    AuthServerMetadataCache.Lookup lookup = metadata.get(mayWait);
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
