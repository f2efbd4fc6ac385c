package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in JWT access-token verifier: an ordinary {@link TokenVerifier}. One pass, cheapest
 * checks first, nothing decided twice:
 *
 * <ol>
 *   <li>the verified-token cache (one lookup of the whole token);
 *   <li>parse the compact JWS once ({@link CompactJws}: strict base64url, strict JSON);
 *   <li>JOSE header: {@code alg} on the allow-list; {@code typ} an access-token type; no {@code
 *       crit}, {@code b64}, {@code zip}, {@code enc} or nested {@code cty}; {@code jku}, {@code
 *       x5u}, {@code jwk} and {@code x5c} are never read;
 *   <li>issuer: the unverified {@code iss} selects one trusted issuer's keys, by exact string,
 *       before any I/O (an unknown issuer never causes a fetch);
 *   <li>claim types: {@code exp}, {@code nbf}, {@code iat} NumericDates in range, {@code aud},
 *       {@code sub}, {@code client_id}/{@code azp} and the scope claim of the right JSON types;
 *   <li>key: that issuer's keys only, fitting {@code kid}, {@code alg}, {@code kty}, {@code crv},
 *       {@code use} and size; then the signature.
 * </ol>
 *
 * <p>The values of the claims (expiry, audience, subject, custom validators) are the resource's
 * claims policy, applied once after this verifier by the pipeline, for every verifier alike.
 */
final class JwtVerifier implements TokenVerifier {
  private static final Set<String> FORBIDDEN_HEADERS = Set.of("crit", "b64", "zip", "enc");

  private final IssuerRegistry issuers;
  private final TokenPolicy policy;
  private final String resource;
  private final Optional<VerifiedTokenCache> cache;
  private final RejectionHints hints;

  JwtVerifier(IssuerRegistry issuers, TokenPolicy policy, String resource, Clock clock) {
    this.issuers = issuers;
    this.policy = policy;
    this.resource = resource;
    this.hints = new RejectionHints(clock);
    this.cache =
        policy.tokenCacheEntries() == 0
            ? Optional.empty()
            : Optional.of(
                new VerifiedTokenCache(
                    policy.tokenCacheTtl(),
                    policy.tokenCacheEntries(),
                    TokenPolicy.TOKEN_CACHE_MAX_CHARS,
                    clock));
  }

  @Override
  public TokenVerifier.Result verify(String token) {
    return check(token, true).orElseThrow();
  }

  @Override
  public Optional<TokenVerifier.Result> verifyNonBlocking(String token) {
    return check(token, false);
  }

  /** How many verified tokens are remembered (0 without the cache). */
  int rememberedCount() {
    return cache.map(VerifiedTokenCache::size).orElse(0);
  }

  /**
   * The verification; empty only when {@code mayWait} is false and keys or metadata must be
   * fetched.
   */
  private Optional<TokenVerifier.Result> check(String token, boolean mayWait) {
    if (cache.isPresent()) {
      Optional<AuthInfo> known = cache.get().get(token);
      if (known.isPresent()) {
        return Optional.of(TokenVerifier.Result.verified(known.get()));
      }
    }
    CompactJws jws;
    try {
      jws = CompactJws.parse(token);
    } catch (CompactJws.Malformed e) {
      return rejected(DenialReason.MALFORMED_TOKEN, e.getMessage());
    }
    JsonObject header = jws.header;
    JwsAlgorithm alg = JwsAlgorithm.fromJwsName(stringOrNull(header.get("alg"))).orElse(null);
    if (alg == null || !policy.algorithms().contains(alg)) {
      return rejected(DenialReason.UNSUPPORTED_ALGORITHM, "allowed: " + policy.algorithms());
    }
    Optional<TokenVerifier.Result> headerProblem = checkHeader(header);
    if (headerProblem.isPresent()) {
      return headerProblem;
    }
    JsonElement kidElement = header.get("kid");
    if (kidElement != null && !isString(kidElement)) {
      return rejected(DenialReason.MALFORMED_TOKEN, "kid must be a string");
    }
    String kid = kidElement == null ? null : kidElement.getAsString();

    JsonObject claims = jws.claims;
    JsonElement issElement = claims.get("iss");
    Optional<TrustedIssuer> found =
        isString(issElement) ? issuers.find(issElement.getAsString()) : Optional.empty();
    if (found.isEmpty()) {
      hints.untrustedIssuer(
          isString(issElement) ? issElement.getAsString() : null, issuers.configured());
      return rejected(DenialReason.UNTRUSTED_ISSUER, "trusted issuers: " + issuers.configured());
    }
    TrustedIssuer issuer = found.get();
    AuthInfo.Builder info = AuthInfo.builder(token, issuer.issuer());
    Optional<TokenVerifier.Result> claimProblem = readClaims(claims, info);
    if (claimProblem.isPresent()) {
      return claimProblem;
    }

    KeyLookup.Result keys = issuer.keys(kid, alg, mayWait);
    if (keys instanceof KeyLookup.Pending) {
      return Optional.empty();
    }
    if (keys instanceof KeyLookup.Unavailable u) {
      return Optional.of(TokenVerifier.Result.unavailable(u.reason(), u.retryAfter()));
    }
    if (keys instanceof KeyLookup.Misconfigured m) {
      return Optional.of(TokenVerifier.Result.misconfigured(m.reason()));
    }
    if (keys instanceof KeyLookup.NoMatch) {
      return rejected(DenialReason.NO_MATCHING_KEY, "no " + alg.jwsName() + " key for this kid");
    }
    for (VerificationKey key : ((KeyLookup.Found) keys).keys()) {
      if (alg.verify(key.key, jws.signingInput, jws.signature)) {
        AuthInfo verified = AuthInfo.fromJwt(info, resource, claims);
        cache.ifPresent(c -> c.put(verified, issuer, key));
        return Optional.of(TokenVerifier.Result.verified(verified));
      }
    }
    return rejected(DenialReason.INVALID_SIGNATURE, null);
  }

  private Optional<TokenVerifier.Result> checkHeader(JsonObject header) {
    for (String name : FORBIDDEN_HEADERS) {
      if (header.has(name)) {
        return rejected(DenialReason.UNSUPPORTED_HEADER, "header " + name + " is not accepted");
      }
    }
    JsonElement cty = header.get("cty");
    if (cty != null && (!isString(cty) || cty.getAsString().equalsIgnoreCase("JWT"))) {
      return rejected(DenialReason.UNSUPPORTED_HEADER, "nested JWTs are not accepted");
    }
    JsonElement typ = header.get("typ");
    if (typ == null) {
      return policy.requireAccessTokenProfile()
          ? rejected(DenialReason.UNSUPPORTED_TOKEN_TYPE, "typ at+jwt is required")
          : Optional.empty();
    }
    if (!isString(typ)) {
      return rejected(DenialReason.MALFORMED_TOKEN, "typ must be a string");
    }
    // RFC 7515 §4.1.9: a media type, compared case-insensitively, "application/" optional.
    String t = typ.getAsString().toLowerCase(Locale.ROOT);
    if (t.startsWith("application/")) {
      t = t.substring("application/".length());
    }
    boolean ok = t.equals("at+jwt") || (!policy.requireAccessTokenProfile() && t.equals("jwt"));
    return ok
        ? Optional.empty()
        : rejected(
            DenialReason.UNSUPPORTED_TOKEN_TYPE,
            policy.requireAccessTokenProfile()
                ? "typ at+jwt is required"
                : "typ must be JWT or at+jwt");
  }

  /**
   * Checks the claims' JSON types and copies them into {@code info}; their values are the policy's.
   */
  private Optional<TokenVerifier.Result> readClaims(JsonObject claims, AuthInfo.Builder info) {
    Optional<Long> exp = NumericDate.seconds(claims.get("exp"));
    if (exp.isEmpty()) {
      return rejected(DenialReason.INVALID_CLAIM, "exp is required and must be a NumericDate");
    }
    JsonElement nbf = claims.get("nbf");
    JsonElement iat = claims.get("iat");
    Optional<Long> nbfSeconds = NumericDate.seconds(nbf);
    Optional<Long> iatSeconds = NumericDate.seconds(iat);
    if ((nbf != null && nbfSeconds.isEmpty()) || (iat != null && iatSeconds.isEmpty())) {
      return rejected(DenialReason.INVALID_CLAIM, "nbf and iat must be NumericDates");
    }
    JsonElement aud = claims.get("aud");
    List<String> audiences =
        aud == null && !policy.clientIdsAsAudience().isEmpty() ? List.of() : stringOrStrings(aud);
    if (audiences == null || audiences.isEmpty() && policy.clientIdsAsAudience().isEmpty()) {
      return rejected(
          DenialReason.AUDIENCE_MISMATCH, "aud is required and must name this resource");
    }
    JsonElement sub = claims.get("sub");
    JsonElement clientId = null;
    for (String name : policy.clientIdClaims()) {
      if (claims.has(name)) {
        clientId = claims.get(name);
        break;
      }
    }
    if ((sub != null && !isString(sub)) || (clientId != null && !isString(clientId))) {
      return rejected(DenialReason.INVALID_CLAIM, "sub and the client id must be strings");
    }
    if (policy.requireAccessTokenProfile()
        && (!claims.has("client_id") || iat == null || !isString(claims.get("jti")))) {
      return rejected(DenialReason.INVALID_CLAIM, "RFC 9068 requires client_id, iat and jti");
    }
    JsonElement cnf = claims.get("cnf");
    if (cnf != null && !cnf.isJsonObject()) {
      return rejected(DenialReason.INVALID_CLAIM, "cnf must be a JSON object");
    }
    List<String> scopes = List.of();
    for (String name : policy.scopeClaims()) {
      JsonElement scopeElement = claims.get(name);
      if (scopeElement == null) {
        continue;
      }
      List<String> these = scopes(scopeElement);
      if (these == null) {
        return rejected(
            DenialReason.INVALID_CLAIM,
            name + " must be a space-delimited string or an array of strings");
      }
      if (scopes.isEmpty()) {
        scopes = these;
      } else {
        LinkedHashSet<String> union = new LinkedHashSet<>(scopes);
        union.addAll(these);
        scopes = List.copyOf(union);
      }
    }
    info.subject(sub == null ? null : sub.getAsString())
        .clientId(clientId == null ? null : clientId.getAsString())
        .audiences(audiences)
        .scopes(scopes)
        .expiresAt(Instant.ofEpochSecond(exp.get()));
    nbfSeconds.ifPresent(s -> info.notBefore(Instant.ofEpochSecond(s)));
    iatSeconds.ifPresent(s -> info.issuedAt(Instant.ofEpochSecond(s)));
    return Optional.empty();
  }

  private static Optional<TokenVerifier.Result> rejected(DenialReason reason, String detail) {
    return Optional.of(TokenVerifier.Result.rejected(reason, detail));
  }

  private static boolean isString(JsonElement e) {
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
  }

  private static String stringOrNull(JsonElement e) {
    return isString(e) ? e.getAsString() : null;
  }

  /** A string or an array of strings, else null. */
  private static List<String> stringOrStrings(JsonElement e) {
    if (e == null) {
      return null;
    }
    if (isString(e)) {
      return List.of(e.getAsString());
    }
    if (!e.isJsonArray()) {
      return null;
    }
    JsonArray array = e.getAsJsonArray();
    List<String> out = new ArrayList<>(array.size());
    for (JsonElement item : array) {
      if (!isString(item)) {
        return null;
      }
      out.add(item.getAsString());
    }
    return out;
  }

  /** Scopes: a string split on spaces (empty parts dropped), or an array of strings; else null. */
  static List<String> scopes(JsonElement e) {
    if (isString(e)) {
      String s = ((JsonPrimitive) e).getAsString();
      List<String> out = new ArrayList<>();
      int start = 0;
      for (int i = 0; i <= s.length(); i++) {
        if (i == s.length() || s.charAt(i) == ' ') {
          if (i > start) {
            out.add(s.substring(start, i));
          }
          start = i + 1;
        }
      }
      return out;
    }
    return e.isJsonArray() ? stringOrStrings(e) : null;
  }
}
