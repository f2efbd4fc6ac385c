package dev.mcpauth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request may reach a protected resource, and who is calling. Made by
 * {@link McpAuth#bearerAuth(BearerAuthConfig)}; immutable and thread-safe: build one per protected route
 * at startup and share it.
 *
 * <p>Order of checks: credentials (the {@code Authorization} header only) → token verification
 * (built-in JWT or a custom {@link TokenVerifier}) → issuer, audience and expiry for custom verifiers
 * (the JWT verifier has made them already) → scopes. Authentication comes before authorization: an
 * invalid token lacking a scope gets 401, not 403. {@code verify} never throws for any input.
 */
public final class BearerAuth {
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);

  private final ResourceIdentifier resource;
  private final BearerAuthConfig config;
  private final BearerTokenResolver resolver;
  private final TokenVerifier verifier;
  private final boolean verifierAppliesPolicy;
  private final ClaimsPolicy policy;
  private final BearerChallenge challenge;
  private final DpopProofVerifier dpop;

  BearerAuth(ResourceIdentifier resource, BearerAuthConfig config, TokenVerifier verifier,
      boolean verifierAppliesPolicy, ClaimsPolicy policy) {
    this.resource = resource;
    this.config = config;
    this.resolver = new BearerTokenResolver(config.maxHeaderLength(), config.dpop().isPresent());
    this.verifier = verifier;
    this.verifierAppliesPolicy = verifierAppliesPolicy;
    this.policy = policy;
    this.challenge = new BearerChallenge(resource.metadataUrl(), config.realm(), config.showErrorDetails(),
        config.dpop());
    this.dpop = config.dpop().map(settings -> new DpopProofVerifier(settings, policy.clock(), resource)).orElse(null);
  }

  /** Verifies a request against the configured required scopes. */
  public AuthResult verify(RequestHeaders headers) {
    return verify(headers, List.of());
  }

  /**
   * Verifies a request that needs {@code operationScopes} on top of the configured required scopes
   * (for example a tool's own scopes). A 403 names all of them at once, so a client can step up in one
   * round trip (MCP 2026-07-28).
   */
  public AuthResult verify(RequestHeaders headers, Collection<String> operationScopes) {
    return decide(headers, operationScopes, true);
  }

  /**
   * Decides without waiting for network I/O, for callers on event-loop threads (Undertow's I/O
   * threads): empty when the decision needs keys or metadata that must be fetched first, or comes from
   * a custom verifier (which may block); then call {@link #verify} where blocking is allowed. CPU work,
   * the signature check included, still happens here.
   */
  public Optional<AuthResult> tryVerifyWithoutWaiting(RequestHeaders headers, Collection<String> operationScopes) {
    if (!verifierAppliesPolicy) {
      return Optional.empty();
    }
    return Optional.ofNullable(decide(headers, operationScopes, false));
  }

  /** The decision; null only when {@code mayWait} is false and it would have to wait. */
  private AuthResult decide(RequestHeaders headers, Collection<String> operationScopes, boolean mayWait) {
    List<String> needed = neededScopes(operationScopes);
    AuthInfo remembered = rememberedBearer(headers);
    if (remembered != null) {
      List<String> missing = missingScopes(remembered.scopes(), needed);
      return missing.isEmpty() ? new AuthResult.Authorized(remembered)
          : challenge.insufficientScope(BearerChallenge.Scheme.BEARER, needed, missing);
    }
    ResolvedCredentials credentials;
    try {
      credentials = resolver.resolve(headers);
    } catch (RuntimeException e) {
      LOG.warn("reading the request headers failed: {}", e.getClass().getSimpleName());
      return challenge.invalidToken(TokenFailure.MALFORMED_HEADER, Optional.empty());
    }
    if (credentials instanceof ResolvedCredentials.None) {
      return challenge.missingCredentials(needed);
    }
    if (credentials instanceof ResolvedCredentials.Ambiguous) {
      return challenge.invalidRequest(((ResolvedCredentials.Ambiguous) credentials).reason());
    }
    if (credentials instanceof ResolvedCredentials.Malformed) {
      return challenge.invalidToken(((ResolvedCredentials.Malformed) credentials).failure(), Optional.empty());
    }
    BearerChallenge.Scheme scheme = BearerChallenge.Scheme.BEARER;
    String token;
    String proofJkt = null;
    if (credentials instanceof ResolvedCredentials.DpopToken) {
      scheme = BearerChallenge.Scheme.DPOP;
      token = ((ResolvedCredentials.DpopToken) credentials).token();
      List<String> proofs = headers.values("DPoP");
      if (proofs.size() > 1) {
        return challenge.invalidRequest("more than one DPoP proof");
      }
      if (proofs.isEmpty()) {
        return challenge.invalidDpopProof("no DPoP proof");
      }
      DpopProofVerifier.Outcome outcome = dpop.check(proofs.get(0), headers.method().orElse(null),
          headers.path().orElse(null), token);
      if (outcome instanceof DpopProofVerifier.Outcome.Invalid) {
        return challenge.invalidDpopProof(((DpopProofVerifier.Outcome.Invalid) outcome).detail());
      }
      if (outcome instanceof DpopProofVerifier.Outcome.NonceRequired) {
        return challenge.useDpopNonce(((DpopProofVerifier.Outcome.NonceRequired) outcome).nonce());
      }
      proofJkt = ((DpopProofVerifier.Outcome.Valid) outcome).jkt();
      if (!(verifier instanceof JwtVerifier)) {
        return challenge.invalidToken(scheme, TokenFailure.UNVERIFIABLE_BINDING, Optional.of("DPoP needs JWT tokens"));
      }
    } else {
      token = ((ResolvedCredentials.Token) credentials).token();
      if (dpop != null && !headers.values("DPoP").isEmpty()) {
        return challenge.invalidRequest("Bearer credentials with a DPoP proof"); // RFC 9449 Figure 19
      }
      if (dpop != null && config.dpop().get().required()) {
        return challenge.invalidToken(BearerChallenge.Scheme.DPOP, TokenFailure.DPOP_REQUIRED, Optional.empty());
      }
    }
    TokenVerification verification;
    try {
      if (proofJkt != null) {
        verification = ((JwtVerifier) verifier).verify(token, mayWait, proofJkt);
      } else {
        verification = mayWait || !(verifier instanceof JwtVerifier) ? verifier.verify(token)
            : ((JwtVerifier) verifier).verify(token, false);
      }
    } catch (RuntimeException e) {
      // The exception's message may quote the token: log its type, and the trace only at debug.
      LOG.error("token verifier threw {}; answering 503", e.getClass().getName());
      LOG.debug("token verifier failure", e);
      return challenge.unavailable("the token verifier failed", Duration.ofSeconds(1));
    }
    if (verification == null && !mayWait) {
      return null;
    }
    if (verification == null) {
      LOG.error("token verifier returned null; answering 503");
      return challenge.unavailable("the token verifier failed", Duration.ofSeconds(1));
    }
    if (verification instanceof TokenVerification.Rejected) {
      TokenVerification.Rejected r = (TokenVerification.Rejected) verification;
      LOG.debug("token rejected: {}", r.failure());
      return challenge.invalidToken(scheme, r.failure(), r.detail());
    }
    if (verification instanceof TokenVerification.Unavailable) {
      TokenVerification.Unavailable u = (TokenVerification.Unavailable) verification;
      LOG.warn("cannot verify tokens now: {}", u.reason());
      return challenge.unavailable(u.reason(), u.retryAfter());
    }
    AuthInfo info = ((TokenVerification.Verified) verification).authInfo();
    if (!verifierAppliesPolicy) {
      TokenVerification.Rejected r = applyPolicy(info);
      if (r != null) {
        return challenge.invalidToken(scheme, r.failure(), r.detail());
      }
      info = info.forResource(resource.value());
    }
    List<String> missing = missingScopes(info.scopes(), needed);
    if (!missing.isEmpty()) {
      return challenge.insufficientScope(scheme, needed, missing);
    }
    return new AuthResult.Authorized(info);
  }

  /**
   * The fast path of the verified-token cache: one {@code Authorization: Bearer <token>} line whose
   * token is exactly one verified before. Anything else (other spellings, DPoP) takes the full path.
   */
  private AuthInfo rememberedBearer(RequestHeaders headers) {
    if (dpop != null || !(verifier instanceof JwtVerifier) || !((JwtVerifier) verifier).remembers()) {
      return null;
    }
    List<String> values;
    try {
      values = headers.values("Authorization");
    } catch (RuntimeException e) {
      return null;
    }
    if (values.size() != 1) {
      return null;
    }
    String value = values.get(0);
    if (value == null || value.length() < 8 || value.length() > config.maxHeaderLength() || !value.startsWith("Bearer ")) {
      return null;
    }
    return ((JwtVerifier) verifier).rememberedToken(value, 7);
  }

  /** The same policy the JWT verifier applies, for identities a custom verifier produced. */
  private TokenVerification.Rejected applyPolicy(AuthInfo info) {
    TokenVerification.Rejected r = policy.issuer(info.issuer());
    if (r != null) {
      return r;
    }
    Optional<Instant> exp = info.expiresAt();
    if (exp.isEmpty()) {
      return ClaimsPolicy.reject(TokenFailure.INVALID_CLAIM, "the verifier reported no expiry");
    }
    r = policy.times(exp.get().getEpochSecond(), 0, 0, false, false);
    if (r != null) {
      return r;
    }
    if (config.requireSubject() && info.subject().map(String::isEmpty).orElse(true)) {
      return ClaimsPolicy.reject(TokenFailure.INVALID_CLAIM, "sub is required");
    }
    return policy.audience(info.audiences());
  }

  private List<String> neededScopes(Collection<String> operationScopes) {
    if (operationScopes.isEmpty()) {
      return config.requiredScopes();
    }
    Set<String> all = new LinkedHashSet<>(config.requiredScopes());
    all.addAll(operationScopes);
    return List.copyOf(all);
  }

  private List<String> missingScopes(List<String> granted, List<String> needed) {
    List<String> missing = null;
    for (String scope : needed) {
      if (!config.scopeHierarchy().satisfies(granted, scope)) {
        if (missing == null) {
          missing = new ArrayList<>();
        }
        missing.add(scope);
      }
    }
    return missing == null ? List.of() : missing;
  }

  /** The resource this verifier protects. */
  public ResourceIdentifier resource() {
    return resource;
  }

  /** The absolute Protected Resource Metadata URL its challenges advertise. */
  public String resourceMetadataUrl() {
    return resource.metadataUrl();
  }

  /**
   * Whether a request is a CORS preflight ({@code OPTIONS} with {@code Origin} and
   * {@code Access-Control-Request-Method}), which browsers send without credentials and which must not
   * be challenged: adapters pass such requests on unverified (they carry no operation to authorize).
   * False when the adapter did not supply the method.
   */
  public static boolean isCorsPreflight(RequestHeaders headers) {
    return headers.method().map("OPTIONS"::equalsIgnoreCase).orElse(false)
        && !headers.values("Origin").isEmpty() && !headers.values("Access-Control-Request-Method").isEmpty();
  }

  TokenVerifier verifier() {
    return verifier;
  }

  /** The configuration it was built with. */
  public BearerAuthConfig config() {
    return config;
  }
}
