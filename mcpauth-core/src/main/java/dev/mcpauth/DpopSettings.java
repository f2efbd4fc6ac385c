package dev.mcpauth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How DPoP-bound access tokens (RFC 9449, the MCP DPoP extension) are accepted. Immutable; derive a
 * changed copy with {@link #newBuilder()}.
 *
 * <p>With DPoP on, a request may carry {@code Authorization: DPoP <token>} and one {@code DPoP} proof;
 * the proof must be a {@code dpop+jwt} signed with an allowed asymmetric algorithm by the public key
 * in its {@code jwk} header (never a private key), for this request's method and URL, issued within
 * the {@code iat} window of now, for this access token ({@code ath}), by the key the token is bound to
 * ({@code cnf.jkt}, whichever verifier checked the token). Optional: server nonces
 * ({@code use_dpop_nonce}), a {@code jti} replay check (in the deployment's {@link SingleUseStore}),
 * and requiring DPoP for every token.
 *
 * <pre>{@code
 * DpopSettings.builder().replayCheck().nonces().build();
 * }</pre>
 */
public final class DpopSettings {
  /** Five minutes, as the MCP DPoP extension allows at most. */
  public static final Duration DEFAULT_IAT_WINDOW = Duration.ofMinutes(5);

  private static final DpopSettings DEFAULTS = builder().build();

  private final Set<JwsAlgorithm> algorithms;
  private final Duration iatWindow;
  private final boolean requireNonce;
  private final boolean replayCheck;
  private final boolean required;
  private final List<byte[]> nonceSecrets;

  private DpopSettings(Builder b) {
    this.algorithms = Set.copyOf(b.algorithms);
    this.iatWindow = b.iatWindow;
    this.requireNonce = b.requireNonce;
    this.replayCheck = b.replayCheck;
    this.required = b.required;
    this.nonceSecrets = List.copyOf(b.nonceSecrets);
  }

  /**
   * DPoP accepted alongside Bearer: ES256, PS256, EdDSA, Ed25519 and RS256 proofs, no nonces, no replay
   * check.
   */
  public static DpopSettings defaults() {
    return DEFAULTS;
  }

  /** Starts a builder with the defaults of {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.algorithms = EnumSet.copyOf(algorithms);
    b.iatWindow = iatWindow;
    b.requireNonce = requireNonce;
    b.replayCheck = replayCheck;
    b.required = required;
    b.nonceSecrets = new ArrayList<>(nonceSecrets);
    return b;
  }

  /** Proof algorithms accepted. */
  public Set<JwsAlgorithm> algorithms() {
    return algorithms;
  }

  /** How far a proof's {@code iat} may be from now. */
  public Duration iatWindow() {
    return iatWindow;
  }

  /** Whether proofs must carry a server-issued nonce. */
  public boolean requireNonce() {
    return requireNonce;
  }

  /** Whether a proof's {@code jti} may be used only once within the window. */
  public boolean replayCheck() {
    return replayCheck;
  }

  /** Whether Bearer tokens are refused altogether ({@code dpop_bound_access_tokens_required}). */
  public boolean required() {
    return required;
  }

  /** The configured nonce secrets, current first; empty means one random secret per process. */
  List<byte[]> nonceSecrets() {
    return nonceSecrets;
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

  /** Builds {@link DpopSettings}. */
  public static final class Builder {
    private Set<JwsAlgorithm> algorithms = EnumSet.of(JwsAlgorithm.ES256, JwsAlgorithm.PS256, JwsAlgorithm.EDDSA,
        JwsAlgorithm.ED25519, JwsAlgorithm.RS256);
    private Duration iatWindow = DEFAULT_IAT_WINDOW;
    private boolean requireNonce;
    private boolean replayCheck;
    private boolean required;
    private List<byte[]> nonceSecrets = new ArrayList<>();

    private Builder() {}

    /** The proof algorithms to accept. */
    public Builder algorithms(JwsAlgorithm first, JwsAlgorithm... more) {
      this.algorithms = EnumSet.of(Objects.requireNonNull(first, "first"), more);
      return this;
    }

    /** How far a proof's {@code iat} may be from now: positive, at most 5 minutes. */
    public Builder iatWindow(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("the DPoP iat window must be positive and at most 5 minutes");
      }
      this.iatWindow = window;
      return this;
    }

    /**
     * Requires server nonces (RFC 9449 §9): a proof without a current nonce gets 401
     * {@code use_dpop_nonce} with a fresh one in {@code DPoP-Nonce}. A nonce is valid for the whole
     * resource (every route) for five to ten minutes. Costs a client one extra round trip per nonce period.
     */
    public Builder nonces() {
      this.requireNonce = true;
      return this;
    }

    /**
     * The secrets nonces are derived from, for deployments of several instances: every instance given
     * the same secrets accepts every instance's nonces. The first one issues nonces; the others are only
     * accepted (rotation: add the new secret first, keep the old one until its nonces expired). Each at
     * least 32 bytes. Without it, each process draws a random secret.
     */
    public Builder nonceSecrets(byte[] current, byte[]... previous) {
      List<byte[]> all = new ArrayList<>();
      all.add(Objects.requireNonNull(current, "current").clone());
      for (byte[] p : previous) {
        all.add(Objects.requireNonNull(p, "previous").clone());
      }
      for (byte[] secret : all) {
        if (secret.length < 32) {
          throw new IllegalArgumentException("a DPoP nonce secret must have at least 32 bytes");
        }
      }
      this.nonceSecrets = all;
      return this;
    }

    /**
     * Refuses a proof whose {@code jti} was seen before within the window (RFC 9449 §11.1), using the
     * deployment's {@link SingleUseStore} (in memory by default; shared for several instances). A
     * {@code jti} is recorded only after the token, its binding and its scopes passed.
     */
    public Builder replayCheck() {
      this.replayCheck = true;
      return this;
    }

    /** Refuses Bearer tokens: only DPoP-bound ones are accepted. */
    public Builder requiredForEveryToken() {
      this.required = true;
      return this;
    }

    /** Builds the settings. */
    public DpopSettings build() {
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("at least one DPoP proof algorithm is needed");
      }
      return new DpopSettings(this);
    }
  }

  /** The settings, for logs. */
  @Override
  public String toString() {
    return "DpopSettings{algorithms=" + algorithms + ", iatWindow=" + iatWindow + ", nonces=" + requireNonce
        + ", replayCheck=" + replayCheck + ", required=" + required + "}";
  }

}
