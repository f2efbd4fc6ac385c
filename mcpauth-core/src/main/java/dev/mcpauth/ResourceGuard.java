package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one verification pipeline of a protected resource, shared by all its routes. One forward
 * pass:
 *
 * <pre>
 * credentials ──► DPoP proof (stateless checks, signature last) ──► token check (one {@link TokenVerifier})
 *     ──► claims policy (once) ──► binding (cnf ⇔ proof) ──► scopes ──► consume the proof's jti ──► Authorized
 * </pre>
 *
 * Every refusal is rendered by one {@link BearerChallenge}. Anything that consumes state happens
 * last, once. When the token check cannot finish without blocking and the caller asked not to
 * block, the result is {@link AuthResult.Pending}, which finishes this same decision from the token
 * check on. {@code decide} never throws. Thread-safe.
 */
final class ResourceGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceGuard.class);
  private static final Duration VERIFIER_FAILURE_RETRY = Duration.ofSeconds(1);

  /**
   * The 503 description when the proof's single use cannot be checked: it names the store, and asks
   * for a new proof, since the failed check may have recorded this one (see {@link
   * SingleUseStore}).
   */
  static final String REPLAY_STORE_UNAVAILABLE =
      "The DPoP replay store is unavailable; retry later with a new DPoP proof.";

  private final ResourceIdentifier resource;
  private final TokenPolicy policy;
  private final BearerTokenResolver resolver;
  private final TokenVerifier verifier;
  private final ClaimsPolicy claims;
  private final BearerChallenge challenge;
  private final Optional<DpopProofVerifier> dpop;
  private final SingleUseStore singleUse;
  private final OutageLog outages;
  private final McpAuthListener listener;
  private final Optional<String> apiKeyHeader;
  private final Optional<TokenVerifier> apiKeys;
  private final Optional<CertificateBinding> certificates;

  ResourceGuard(
      ResourceIdentifier resource,
      TokenPolicy policy,
      TokenVerifier verifier,
      ClaimsPolicy claims,
      SingleUseStore singleUse,
      Clock clock,
      McpAuthListener listener) {
    this(
        resource,
        policy,
        verifier,
        claims,
        singleUse,
        clock,
        listener,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  ResourceGuard(
      ResourceIdentifier resource,
      TokenPolicy policy,
      TokenVerifier verifier,
      ClaimsPolicy claims,
      SingleUseStore singleUse,
      Clock clock,
      McpAuthListener listener,
      Optional<String> apiKeyHeader,
      Optional<TokenVerifier> apiKeys,
      Optional<CertificateBinding> certificates) {
    this.certificates = certificates;
    this.apiKeyHeader = apiKeyHeader;
    this.apiKeys = apiKeys;
    this.listener = listener;
    this.resource = resource;
    this.policy = policy;
    this.resolver = new BearerTokenResolver(policy.maxHeaderLength(), policy.dpop().isPresent());
    this.verifier = verifier;
    this.claims = claims;
    this.challenge =
        new BearerChallenge(
            resource.metadataUrl(), policy.realm(), policy.showErrorDetails(), policy.dpop());
    this.dpop = policy.dpop().map(settings -> new DpopProofVerifier(settings, clock, resource));
    this.singleUse = singleUse;
    this.outages = new OutageLog(LOG, clock, OutageLog.DEFAULT_INTERVAL);
  }

  /**
   * What the credentials step found, carried into the rest of the decision (and into a Pending).
   */
  record Presented(
      String token,
      BearerChallenge.Scheme scheme,
      Optional<DpopProofVerifier.Outcome.Valid> proof,
      RequestHeaders headers) {}

  /** The outcome of authentication: who, refused, or "finish where blocking is allowed". */
  static final class Authentication {
    private Authentication() {}

    /** One of the answers below. */
    sealed interface Result permits Authenticated, Refused, Waiting {}

    /**
     * A genuine token that passed the claims policy and its binding; scopes and consumption follow.
     */
    record Authenticated(AuthInfo info, Presented presented) implements Result {}

    /** The response to send. */
    record Refused(AuthResult.Denied denied) implements Result {}

    /** The token check must block; {@code rest} finishes authentication on a thread that may. */
    record Waiting(Supplier<Authentication.Result> rest) implements Result {}
  }

  /** The whole decision for a route: authenticate, then authorize {@code needed}. */
  AuthResult decide(RequestHeaders headers, List<String> needed, boolean mayBlock) {
    return finish(authenticate(headers, needed, mayBlock), needed, mayBlock);
  }

  /**
   * Authorizes an authentication outcome; a {@link Authentication.Waiting} becomes {@link
   * AuthResult.Pending}.
   */
  AuthResult finish(Authentication.Result a, List<String> needed, boolean mayBlock) {
    if (a instanceof Authentication.Refused r) {
      return reported(r.denied());
    }
    if (a instanceof Authentication.Waiting w) {
      return new AuthResult.Pending(() -> finish(w.rest().get(), needed, true));
    }
    AuthResult result = authorize((Authentication.Authenticated) a, needed, mayBlock);
    return result instanceof AuthResult.Pending pending
        ? new AuthResult.Pending(() -> reported(pending.await()))
        : reported(result);
  }

  /** Tells the listener about a final decision (never a Pending) and returns it. */
  <T> T reported(T decision) {
    return Listeners.decided(listener, resource.value(), decision);
  }

  /**
   * Who is calling, from the headers alone: credentials, the DPoP proof's stateless checks, the
   * token check, the claims policy and the binding. Consumes nothing. {@code challengeScopes} go
   * into the challenge of a request without credentials.
   */
  Authentication.Result authenticate(
      RequestHeaders headers, List<String> challengeScopes, boolean mayBlock) {
    ResolvedCredentials.Result credentials;
    try {
      credentials = resolver.resolve(headers);
    } catch (RuntimeException e) {
      LOG.warn("reading the request headers failed: {}", e.getClass().getSimpleName());
      return refused(challenge.invalidToken(DenialReason.MALFORMED_HEADER, Optional.empty()));
    }
    List<String> apiKey = apiKeyHeader.isPresent() ? headers.values(apiKeyHeader.get()) : List.of();
    if (!apiKey.isEmpty()) {
      if (!(credentials instanceof ResolvedCredentials.None) || apiKey.size() > 1) {
        return refused(challenge.invalidRequest("an API key with other credentials"));
      }
      return checkApiKey(apiKey.get(0), headers, challengeScopes, mayBlock);
    }
    if (credentials instanceof ResolvedCredentials.None) {
      return refused(challenge.missingCredentials(challengeScopes));
    }
    if (credentials instanceof ResolvedCredentials.Ambiguous a) {
      return refused(challenge.invalidRequest(a.reason()));
    }
    if (credentials instanceof ResolvedCredentials.Malformed m) {
      return refused(challenge.invalidToken(m.failure(), Optional.empty()));
    }
    List<String> proofs = dpop.isPresent() ? headers.values("DPoP") : List.of();
    if (credentials instanceof ResolvedCredentials.DpopToken d) {
      if (proofs.size() > 1) {
        return refused(challenge.invalidRequest("more than one DPoP proof"));
      }
      if (proofs.isEmpty()) {
        return refused(challenge.invalidDpopProof("no DPoP proof"));
      }
      DpopProofVerifier.Outcome.Result outcome =
          dpop.get().check(proofs.get(0), headers.method(), headers.path(), d.token());
      if (outcome instanceof DpopProofVerifier.Outcome.Invalid invalid) {
        return refused(challenge.invalidDpopProof(invalid.detail()));
      }
      if (outcome instanceof DpopProofVerifier.Outcome.NonceRequired n) {
        return refused(challenge.useDpopNonce(n.nonce()));
      }
      return checkToken(
          new Presented(
              d.token(),
              BearerChallenge.Scheme.DPOP,
              Optional.of((DpopProofVerifier.Outcome.Valid) outcome),
              headers),
          mayBlock);
    }
    String token = ((ResolvedCredentials.Token) credentials).token();
    if (!proofs.isEmpty()) {
      return refused(
          challenge.invalidRequest("Bearer credentials with a DPoP proof")); // RFC 9449 Figure 19
    }
    if (dpop.isPresent() && dpop.get().required()) {
      return refused(
          challenge.invalidToken(
              BearerChallenge.Scheme.DPOP, DenialReason.DPOP_REQUIRED, Optional.empty()));
    }
    return checkToken(
        new Presented(token, BearerChallenge.Scheme.BEARER, Optional.empty(), headers), mayBlock);
  }

  /**
   * An API key: the user's verifier decides who it is; the OAuth claims policy and binding do not
   * apply. Any refusal looks exactly like missing credentials, so the challenge never mentions API
   * keys.
   */
  private Authentication.Result checkApiKey(
      String key, RequestHeaders headers, List<String> challengeScopes, boolean mayBlock) {
    Optional<TokenVerifier.Result> checked;
    try {
      checked =
          mayBlock ? Optional.of(apiKeys.get().verify(key)) : apiKeys.get().verifyNonBlocking(key);
    } catch (RuntimeException e) {
      LOG.error("API key verifier threw {}; answering 503", e.getClass().getName());
      return refused(challenge.unavailable("the API key verifier failed", VERIFIER_FAILURE_RETRY));
    }
    if (checked.isEmpty()) {
      return new Authentication.Waiting(() -> checkApiKey(key, headers, challengeScopes, true));
    }
    if (checked.get() instanceof TokenVerified v) {
      return new Authentication.Authenticated(
          v.authInfo(),
          new Presented(key, BearerChallenge.Scheme.BEARER, Optional.empty(), headers));
    }
    if (checked.get() instanceof TokenUnavailable u) {
      return refused(challenge.unavailable(u.reason(), u.retryAfter()));
    }
    if (checked.get() instanceof TokenMisconfigured m) {
      return refused(challenge.misconfigured(m.reason()));
    }
    return refused(challenge.missingCredentials(challengeScopes));
  }

  private static Authentication.Result refused(AuthResult.Denied denied) {
    return new Authentication.Refused(denied);
  }

  private Authentication.Result checkToken(Presented p, boolean mayBlock) {
    Optional<TokenVerifier.Result> checked;
    try {
      checked =
          mayBlock
              ? Optional.of(verifier.verify(p.token()))
              : verifier.verifyNonBlocking(p.token());
    } catch (RuntimeException e) {
      // The exception's message may quote the token: log its type, and the trace only at debug.
      LOG.error("token verifier threw {}; answering 503", e.getClass().getName());
      LOG.debug("token verifier failure", e);
      return refused(challenge.unavailable("the token verifier failed", VERIFIER_FAILURE_RETRY));
    }
    if (checked.isEmpty()) {
      return new Authentication.Waiting(() -> checkToken(p, true));
    }
    TokenVerifier.Result verification = checked.get();
    if (verification instanceof TokenRejected r) {
      LOG.debug("token rejected: {}", r.failure());
      return refused(challenge.invalidToken(p.scheme(), r.failure(), r.detail()));
    }
    if (verification instanceof TokenUnavailable u) {
      outages.warn("cannot verify tokens now: {}", u.reason());
      return refused(challenge.unavailable(u.reason(), u.retryAfter()));
    }
    if (verification instanceof TokenMisconfigured m) {
      // Named once where it was found (discovery logs the fix); not once per request.
      LOG.debug("cannot verify tokens until the configuration changes: {}", m.reason());
      return refused(challenge.misconfigured(m.reason()));
    }
    if (!(verification instanceof TokenVerified v)) {
      LOG.error("token verifier returned {}; answering 503", verification);
      return refused(challenge.unavailable("the token verifier failed", VERIFIER_FAILURE_RETRY));
    }
    AuthInfo info = v.authInfo();
    Optional<TokenRejected> broken = claims.check(info);
    if (broken.isPresent()) {
      return refused(
          challenge.invalidToken(p.scheme(), broken.get().failure(), broken.get().detail()));
    }
    Optional<AuthResult.Denied> unbound = checkBinding(p, info);
    if (unbound.isPresent()) {
      return refused(unbound.get());
    }
    return new Authentication.Authenticated(info, p);
  }

  /**
   * Scopes, then (only when everything passed) the proof's single use; with {@code mayBlock} false
   * and a single-use store that may block, {@link AuthResult.Pending} that finishes it.
   */
  AuthResult authorize(Authentication.Authenticated a, List<String> needed, boolean mayBlock) {
    Presented p = a.presented();
    List<String> missing = missingScopes(a.info().scopes(), needed);
    if (!missing.isEmpty()) {
      return challenge.insufficientScope(p.scheme(), needed, missing);
    }
    if (p.proof().isPresent() && dpop.get().replayCheckOn()) {
      if (!mayBlock && !singleUse.isNonBlocking()) {
        return new AuthResult.Pending(() -> authorize(a, needed, true));
      }
      DpopProofVerifier.Outcome.Valid proof = p.proof().get();
      String key = DpopProofVerifier.replayKey(proof.jkt(), proof.jti());
      try {
        // The in-memory store also bounds each proof key's share of it, so one client cannot
        // fill it for everybody; a shared store (Redis) is sized by its operator.
        boolean first =
            singleUse instanceof InMemorySingleUseStore local
                ? local.firstUse(proof.jkt(), key, dpop.get().replayHorizon())
                : singleUse.firstUse(key, dpop.get().replayHorizon());
        if (!first) {
          return challenge.invalidDpopProof(
              DenialReason.DPOP_PROOF_REPLAYED, "the proof was used before");
        }
      } catch (StoreUnavailableException e) {
        outages.warn("DPoP replay check unavailable: {}", e.getMessage());
        return challenge.unavailable(
            REPLAY_STORE_UNAVAILABLE,
            "the DPoP replay store is unavailable",
            VERIFIER_FAILURE_RETRY);
      } catch (RuntimeException e) {
        LOG.error("the single-use store threw {}; answering 503", e.getClass().getName());
        return challenge.unavailable(
            REPLAY_STORE_UNAVAILABLE, "the DPoP replay store failed", VERIFIER_FAILURE_RETRY);
      }
    }
    return new AuthResult.Authorized(a.info().forResource(resource.value()));
  }

  /**
   * The token's confirmation (RFC 7800 {@code cnf}) against how it was presented. RFC 9449 §7.2: a
   * {@code jkt} needs a DPoP proof by that key, and a DPoP proof needs a bound token. RFC 8705 §3:
   * an {@code x5t#S256} needs the client certificate with that thumbprint, when certificate-bound
   * tokens are on; otherwise it is refused rather than accepted unbound. A confirmation with
   * neither member is refused; one with both needs both.
   */
  private Optional<AuthResult.Denied> checkBinding(Presented p, AuthInfo info) {
    Optional<Map<String, Object>> cnf = info.confirmation();
    if (cnf.isEmpty()) {
      return p.proof().isPresent()
          ? Optional.of(
              challenge.invalidToken(p.scheme(), DenialReason.TOKEN_NOT_BOUND, Optional.empty()))
          : Optional.empty();
    }
    Object jkt = cnf.get().get("jkt");
    Object x5t = cnf.get().get("x5t#S256");
    if (!(jkt instanceof String) && !(x5t instanceof String && certificates.isPresent())) {
      return Optional.of(
          challenge.invalidToken(
              p.scheme(),
              DenialReason.BINDING_MISMATCH,
              Optional.of("unsupported confirmation method " + cnf.get().keySet())));
    }
    if (x5t != null) {
      Optional<AuthResult.Denied> certificate = checkCertificate(p, x5t);
      if (certificate.isPresent()) {
        return certificate;
      }
    }
    if (!(jkt instanceof String boundTo)) {
      return jkt == null && p.proof().isEmpty()
          ? Optional.empty()
          : Optional.of(
              challenge.invalidToken(
                  p.scheme(),
                  jkt == null ? DenialReason.TOKEN_NOT_BOUND : DenialReason.BINDING_MISMATCH,
                  Optional.empty()));
    }
    if (p.proof().isEmpty()) {
      return Optional.of(
          challenge.invalidToken(
              p.scheme(), DenialReason.BOUND_TOKEN_WITHOUT_PROOF, Optional.empty()));
    }
    return boundTo.equals(p.proof().get().jkt())
        ? Optional.empty()
        : Optional.of(
            challenge.invalidToken(
                p.scheme(),
                DenialReason.BINDING_MISMATCH,
                Optional.of("cnf.jkt does not match the DPoP proof key")));
  }

  /** RFC 8705 §3: the request's client certificate must have the token's thumbprint. */
  private Optional<AuthResult.Denied> checkCertificate(Presented p, Object x5t) {
    if (!(x5t instanceof String thumbprint) || certificates.isEmpty()) {
      return Optional.of(
          challenge.invalidToken(
              p.scheme(),
              DenialReason.BINDING_MISMATCH,
              Optional.of("unsupported confirmation method x5t#S256")));
    }
    Optional<String> presented = certificates.get().thumbprint(p.headers());
    if (presented.isEmpty()) {
      return Optional.of(
          challenge.invalidToken(
              p.scheme(),
              DenialReason.BINDING_MISMATCH,
              Optional.of("the token is bound to a client certificate and none was presented")));
    }
    return CertificateBinding.matches(presented.get(), thumbprint)
        ? Optional.empty()
        : Optional.of(
            challenge.invalidToken(
                p.scheme(),
                DenialReason.BINDING_MISMATCH,
                Optional.of("cnf.x5t#S256 does not match the client certificate")));
  }

  List<String> neededScopes(List<String> required, Collection<String> operationScopes) {
    if (operationScopes.isEmpty()) {
      return required;
    }
    Set<String> all = new LinkedHashSet<>(required);
    all.addAll(operationScopes);
    return List.copyOf(all);
  }

  private List<String> missingScopes(List<String> granted, List<String> needed) {
    List<String> missing = List.of();
    for (String scope : needed) {
      if (!policy.scopeHierarchy().satisfies(granted, scope)) {
        if (missing.isEmpty()) {
          missing = new ArrayList<>();
        }
        missing.add(scope);
      }
    }
    return missing;
  }

  /** Whether the caller holds every one of {@code scopes} (hierarchy applied). */
  boolean grants(AuthInfo info, Collection<String> scopes) {
    for (String scope : scopes) {
      if (!policy.scopeHierarchy().satisfies(info.scopes(), scope)) {
        return false;
      }
    }
    return true;
  }

  ResourceIdentifier resource() {
    return resource;
  }

  TokenPolicy policy() {
    return policy;
  }

  TokenVerifier verifier() {
    return verifier;
  }

  BearerChallenge challenge() {
    return challenge;
  }
}
