package dev.mcpauth;

import java.security.PublicKey;
import java.util.EnumSet;
import java.util.Set;

/**
 * One public key from an issuer's JWKS, with the algorithms it may verify worked out once, when the
 * JWKS is loaded: the JWK's {@code kty} (and {@code crv}) must fit the algorithm, its {@code alg}
 * (when present) must equal it, its {@code use} (when present) must be {@code sig}, its {@code
 * key_ops} (when present) must include {@code verify}, and RSA keys must have at least 2048 bits
 * (RFC 8725 §3.2).
 */
final class VerificationKey {
  /** RFC 8725 §3.2 / NIST: RSA keys shorter than this are refused. */
  static final int MIN_RSA_BITS = 2048;

  static final int MAX_RSA_BITS = 4096;

  final String kid;
  final PublicKey key;
  final Set<JwsAlgorithm> algorithms;

  VerificationKey(String kid, PublicKey key, Set<JwsAlgorithm> algorithms) {
    this.kid = kid;
    this.key = key;
    this.algorithms = algorithms.isEmpty() ? Set.of() : EnumSet.copyOf(algorithms);
  }

  boolean supports(JwsAlgorithm alg) {
    return algorithms.contains(alg);
  }
}
