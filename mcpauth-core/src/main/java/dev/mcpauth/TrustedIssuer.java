package dev.mcpauth;

import java.util.Optional;
import java.util.function.Function;

/**
 * One trusted authorization server as the verifier sees it: its exact issuer string, bound to its own
 * keys only (RFC 8725 §3.8: a token claiming issuer A is never checked with B's keys).
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

  /** Whether {@code key} is still in this issuer's current key set (no fetch; for remembered verifications). */
  boolean stillTrusts(VerificationKey key) {
    AuthServerMetadataCache.Lookup lookup = metadata.get();
    if (!(lookup instanceof AuthServerMetadataCache.Lookup.Ready)) {
      return false;
    }
    Optional<String> jwksUri = ((AuthServerMetadataCache.Lookup.Ready) lookup).metadata().jwksUri();
    return jwksUri.isPresent() && jwksCaches.apply(jwksUri.get()).currentlyHolds(key);
  }

  KeyLookup keys(String kid, JwsAlgorithm alg) {
    return keys(kid, alg, true);
  }

  /** The keys for a token; with {@code mayWait} false, {@link KeyLookup.WouldWait} instead of fetching. */
  KeyLookup keys(String kid, JwsAlgorithm alg, boolean mayWait) {
    AuthServerMetadataCache.Lookup lookup = metadata.get(mayWait);
    if (lookup == null) {
      return new KeyLookup.WouldWait();
    }
    if (lookup instanceof AuthServerMetadataCache.Lookup.Unavailable) {
      AuthServerMetadataCache.Lookup.Unavailable u = (AuthServerMetadataCache.Lookup.Unavailable) lookup;
      return new KeyLookup.Unavailable(u.reason(), u.retryAfter());
    }
    Optional<String> jwksUri = ((AuthServerMetadataCache.Lookup.Ready) lookup).metadata().jwksUri();
    if (jwksUri.isEmpty()) {
      return new KeyLookup.NoMatch();
    }
    return jwksCaches.apply(jwksUri.get()).lookup(kid, alg, mayWait);
  }
}
