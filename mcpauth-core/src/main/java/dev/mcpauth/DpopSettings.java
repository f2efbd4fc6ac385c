package dev.mcpauth;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How DPoP-bound access tokens (RFC 9449, the MCP DPoP extension) are accepted. Immutable.
 *
 * <p>With DPoP on, a request may carry {@code Authorization: DPoP <token>} and one {@code DPoP} proof;
 * the proof must be a {@code dpop+jwt} signed with an allowed asymmetric algorithm by the public key
 * in its {@code jwk} header (never a private key), for this request's method and URL, issued within
 * {@link #DEFAULT_IAT_WINDOW} of now, for this access token ({@code ath}), by the key the token is
 * bound to ({@code cnf.jkt}). Optional: server nonces ({@code use_dpop_nonce}), a {@code jti} replay
 * cache, and requiring DPoP for every token.
 *
 * @param algorithms proof algorithms accepted
 * @param iatWindow how far a proof's {@code iat} may be from now (the MCP extension says 5 minutes)
 * @param requireNonce whether proofs must carry a server-issued nonce
 * @param replayCache whether a proof's {@code jti} may be used only once within the window
 * @param required whether Bearer tokens are refused altogether ({@code dpop_bound_access_tokens_required})
 */
public record DpopSettings(Set<JwsAlgorithm> algorithms, Duration iatWindow, boolean requireNonce,
    boolean replayCache, boolean required) {

  /** Five minutes, as the MCP DPoP extension requires. */
  public static final Duration DEFAULT_IAT_WINDOW = Duration.ofMinutes(5);

  /** DPoP accepted alongside Bearer: ES256, PS256, EdDSA and RS256 proofs, no nonces, no replay cache. */
  public static final DpopSettings DEFAULTS = new DpopSettings(
      EnumSet.of(JwsAlgorithm.ES256, JwsAlgorithm.PS256, JwsAlgorithm.EDDSA, JwsAlgorithm.RS256),
      DEFAULT_IAT_WINDOW, false, false, false);

  /** Copies the algorithms and checks the window. */
  public DpopSettings {
    Objects.requireNonNull(algorithms, "algorithms");
    Objects.requireNonNull(iatWindow, "iatWindow");
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one DPoP proof algorithm is needed");
    }
    if (iatWindow.isNegative() || iatWindow.isZero() || iatWindow.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("the DPoP iat window must be positive and at most 5 minutes");
    }
    algorithms = Set.copyOf(algorithms);
  }

  /** A copy that requires server nonces. */
  public DpopSettings withNonces() {
    return new DpopSettings(algorithms, iatWindow, true, replayCache, required);
  }

  /** A copy that refuses a proof {@code jti} seen before within the window. */
  public DpopSettings withReplayCache() {
    return new DpopSettings(algorithms, iatWindow, requireNonce, true, required);
  }

  /** A copy that refuses Bearer tokens: only DPoP-bound ones are accepted. */
  public DpopSettings requiredForEveryToken() {
    return new DpopSettings(algorithms, iatWindow, requireNonce, replayCache, true);
  }

  /** The {@code algs} challenge parameter: accepted algorithms, space-separated, in a stable order. */
  String algsParameter() {
    StringBuilder b = new StringBuilder();
    for (JwsAlgorithm a : JwsAlgorithm.values()) {
      if (algorithms.contains(a)) {
        b.append(b.length() == 0 ? "" : " ").append(a.jwsName());
      }
    }
    return b.toString();
  }
}
