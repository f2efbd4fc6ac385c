package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The built-in JWT access-token verifier. One pass, one direction, cheapest checks first:
 *
 * <ol>
 *   <li>parse the compact JWS once ({@link CompactJws}: strict base64url, strict JSON);</li>
 *   <li>JOSE header: {@code alg} on the allow-list; {@code typ} an access-token type; no {@code crit},
 *       {@code b64}, {@code zip}, {@code enc} or nested {@code cty}; {@code jku}, {@code x5u}, {@code jwk}
 *       and {@code x5c} are never read;</li>
 *   <li>issuer: the unverified {@code iss} must be a trusted issuer, by exact string, before any I/O;</li>
 *   <li>claims: types, {@code exp}/{@code nbf}/{@code iat} with skew, audience, required claims, no
 *       {@code cnf} binding a Bearer request cannot prove. Safe before the signature: a forged token
 *       learns only facts about its own claims;</li>
 *   <li>key: that issuer's keys only, fitting {@code kid}, {@code alg}, {@code kty}, {@code crv},
 *       {@code use} and size; then the signature.</li>
 * </ol>
 */
final class JwtVerifier implements TokenVerifier {
  private static final Set<String> FORBIDDEN_HEADERS = Set.of("crit", "b64", "zip", "enc");

  private final Map<String, TrustedIssuer> issuers;
  private final BearerAuthConfig config;
  private final ClaimsPolicy policy;
  private final String resource;
  private final VerifiedTokenCache remembered;

  JwtVerifier(Map<String, TrustedIssuer> issuers, BearerAuthConfig config, ClaimsPolicy policy, String resource,
      java.time.Clock clock) {
    this.issuers = issuers;
    this.config = config;
    this.policy = policy;
    this.resource = resource;
    this.remembered = config.verifiedTokenCacheTtl().isZero() ? null
        : new VerifiedTokenCache(config.verifiedTokenCacheTtl(), config.verifiedTokenCacheSize(), clock);
  }

  @Override
  public TokenVerification verify(String token) {
    return verify(token, true);
  }

  /**
   * Verifies; with {@code mayWait} false, returns null instead of waiting for keys or metadata to be
   * fetched (everything else, including the signature check, runs).
   */
  TokenVerification verify(String token, boolean mayWait) {
    return verify(token, mayWait, null);
  }

  /**
   * Verifies a token presented with a DPoP proof whose key has thumbprint {@code proofJkt} (null for a
   * Bearer presentation): the token must then be bound to exactly that key ({@code cnf.jkt}).
   */
  TokenVerification verify(String token, boolean mayWait, String proofJkt) {
    if (proofJkt != null) {
      return verifyFully(token, null, mayWait, proofJkt); // bound tokens are not remembered
    }
    if (remembered == null) {
      return verifyFully(token, null, mayWait, null);
    }
    java.nio.ByteBuffer key = VerifiedTokenCache.keyOf(token);
    AuthInfo known = remembered.get(key, token);
    if (known != null) {
      // The signature and the token's own claims were verified before; the rules that depend on
      // time and on this route run again.
      TokenVerification.Rejected r = policy.audience(known.audiences());
      return r != null ? r : TokenVerification.verified(known);
    }
    return verifyFully(token, key, mayWait, null);
  }

  /** Whether verified tokens are remembered. */
  boolean remembers() {
    return remembered != null;
  }

  /**
   * A remembered verification of exactly the token that fills {@code header} from {@code offset} (a
   * {@code "Bearer "} header value), without parsing the header: the token was checked when first seen.
   * Null when there is none, or its audience no longer fits.
   */
  AuthInfo rememberedToken(String header, int offset) {
    AuthInfo known = remembered.get(VerifiedTokenCache.keyOf(header, offset), header, offset);
    return known == null || policy.audience(known.audiences()) != null ? null : known;
  }

  /** How many verified tokens are remembered (0 without the cache). */
  int rememberedCount() {
    return remembered == null ? 0 : remembered.size();
  }

  private TokenVerification verifyFully(String token, java.nio.ByteBuffer cacheKey, boolean mayWait, String proofJkt) {
    CompactJws jws;
    try {
      jws = CompactJws.parse(token);
    } catch (CompactJws.Malformed e) {
      return ClaimsPolicy.reject(TokenFailure.MALFORMED_TOKEN, e.getMessage());
    }
    JsonObject header = jws.header;
    JwsAlgorithm alg = JwsAlgorithm.fromJwsName(stringOrNull(header.get("alg"))).orElse(null);
    if (alg == null || !config.algorithms().contains(alg)) {
      return ClaimsPolicy.reject(TokenFailure.UNSUPPORTED_ALGORITHM, "allowed: " + config.algorithms());
    }
    TokenVerification.Rejected rejected = checkHeader(header);
    if (rejected != null) {
      return rejected;
    }
    JsonElement kidElement = header.get("kid");
    if (kidElement != null && !isString(kidElement)) {
      return ClaimsPolicy.reject(TokenFailure.MALFORMED_TOKEN, "kid must be a string");
    }
    String kid = kidElement == null ? null : kidElement.getAsString();

    JsonObject claims = jws.claims;
    JsonElement issElement = claims.get("iss");
    TrustedIssuer issuer = isString(issElement) ? issuers.get(issElement.getAsString()) : null;
    if (issuer == null) {
      return ClaimsPolicy.reject(TokenFailure.UNTRUSTED_ISSUER, "trusted issuers: " + issuers.keySet());
    }

    AuthInfo.Builder info = AuthInfo.builder(token, issuer.issuer());
    rejected = checkClaims(claims, info, proofJkt);
    if (rejected != null) {
      return rejected;
    }

    KeyLookup keys = issuer.keys(kid, alg, mayWait);
    if (keys instanceof KeyLookup.WouldWait) {
      return null;
    }
    if (keys instanceof KeyLookup.Unavailable) {
      KeyLookup.Unavailable u = (KeyLookup.Unavailable) keys;
      return TokenVerification.unavailable(u.reason(), u.retryAfter());
    }
    if (keys instanceof KeyLookup.NoMatch) {
      return ClaimsPolicy.reject(TokenFailure.NO_MATCHING_KEY, "no " + alg.jwsName() + " key for this kid");
    }
    for (VerificationKey key : ((KeyLookup.Found) keys).keys()) {
      if (alg.verify(key.key, jws.signingInput, jws.signature)) {
        AuthInfo verified = AuthInfo.fromJwt(info, resource, claims);
        if (cacheKey != null) {
          remembered.put(cacheKey, verified, issuer, key);
        }
        return TokenVerification.verified(verified);
      }
    }
    return ClaimsPolicy.reject(TokenFailure.INVALID_SIGNATURE, null);
  }

  private TokenVerification.Rejected checkHeader(JsonObject header) {
    for (String name : FORBIDDEN_HEADERS) {
      if (header.has(name)) {
        return ClaimsPolicy.reject(TokenFailure.UNSUPPORTED_HEADER, "header " + name + " is not accepted");
      }
    }
    JsonElement cty = header.get("cty");
    if (cty != null && (!isString(cty) || cty.getAsString().equalsIgnoreCase("JWT"))) {
      return ClaimsPolicy.reject(TokenFailure.UNSUPPORTED_HEADER, "nested JWTs are not accepted");
    }
    JsonElement typ = header.get("typ");
    if (typ == null) {
      return config.requireAccessTokenProfile()
          ? ClaimsPolicy.reject(TokenFailure.UNSUPPORTED_TOKEN_TYPE, "typ at+jwt is required") : null;
    }
    if (!isString(typ)) {
      return ClaimsPolicy.reject(TokenFailure.MALFORMED_TOKEN, "typ must be a string");
    }
    // RFC 7515 §4.1.9: a media type, compared case-insensitively, "application/" optional.
    String t = typ.getAsString().toLowerCase(Locale.ROOT);
    if (t.startsWith("application/")) {
      t = t.substring("application/".length());
    }
    boolean ok = t.equals("at+jwt") || (!config.requireAccessTokenProfile() && t.equals("jwt"));
    return ok ? null : ClaimsPolicy.reject(TokenFailure.UNSUPPORTED_TOKEN_TYPE,
        config.requireAccessTokenProfile() ? "typ at+jwt is required" : "typ must be JWT or at+jwt");
  }

  private TokenVerification.Rejected checkClaims(JsonObject claims, AuthInfo.Builder info, String proofJkt) {
    JsonElement exp = claims.get("exp");
    if (exp == null || !isNumericDate(exp)) {
      return ClaimsPolicy.reject(TokenFailure.INVALID_CLAIM, "exp is required and must be a NumericDate");
    }
    JsonElement nbf = claims.get("nbf");
    JsonElement iat = claims.get("iat");
    if ((nbf != null && !isNumericDate(nbf)) || (iat != null && !isNumericDate(iat))) {
      return ClaimsPolicy.reject(TokenFailure.INVALID_CLAIM, "nbf and iat must be NumericDates");
    }
    long expSeconds = seconds(exp);
    TokenVerification.Rejected rejected = policy.times(expSeconds,
        nbf == null ? 0 : seconds(nbf), iat == null ? 0 : seconds(iat), nbf != null, iat != null);
    if (rejected != null) {
      return rejected;
    }
    List<String> audiences = stringOrStrings(claims.get("aud"));
    if (audiences == null || audiences.isEmpty()) {
      return ClaimsPolicy.reject(TokenFailure.AUDIENCE_MISMATCH, "aud is required and must name this resource");
    }
    rejected = policy.audience(audiences);
    if (rejected != null) {
      return rejected;
    }
    JsonElement sub = claims.get("sub");
    JsonElement clientId = claims.has("client_id") ? claims.get("client_id") : claims.get("azp");
    if ((sub != null && !isString(sub)) || (clientId != null && !isString(clientId))) {
      return ClaimsPolicy.reject(TokenFailure.INVALID_CLAIM, "sub, client_id and azp must be strings");
    }
    if (config.requireSubject() && (sub == null || sub.getAsString().isEmpty())) {
      return ClaimsPolicy.reject(TokenFailure.INVALID_CLAIM, "sub is required");
    }
    if (config.requireAccessTokenProfile()) {
      if (!claims.has("client_id") || iat == null || !isString(claims.get("jti"))) {
        return ClaimsPolicy.reject(TokenFailure.INVALID_CLAIM, "RFC 9068 requires client_id, iat and jti");
      }
    }
    JsonElement cnf = claims.get("cnf");
    if (proofJkt != null) {
      JsonElement jkt = cnf != null && cnf.isJsonObject() ? cnf.getAsJsonObject().get("jkt") : null;
      if (!isString(jkt) || !jkt.getAsString().equals(proofJkt)) {
        return ClaimsPolicy.reject(TokenFailure.UNVERIFIABLE_BINDING, "cnf.jkt does not match the DPoP proof key");
      }
    } else if (cnf != null) {
      return ClaimsPolicy.reject(TokenFailure.UNVERIFIABLE_BINDING, "cnf binds the token to a key");
    }
    JsonElement scopeElement = claims.get(config.scopeClaim());
    List<String> scopes = scopeElement == null ? List.of() : scopes(scopeElement);
    if (scopes == null) {
      return ClaimsPolicy.reject(TokenFailure.INVALID_CLAIM,
          config.scopeClaim() + " must be a space-delimited string or an array of strings");
    }
    info.subject(sub == null ? null : sub.getAsString())
        .clientId(clientId == null ? null : clientId.getAsString())
        .audiences(audiences)
        .scopes(scopes)
        .expiresAt(Instant.ofEpochSecond(expSeconds));
    return null;
  }

  private static boolean isString(JsonElement e) {
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
  }

  private static String stringOrNull(JsonElement e) {
    return isString(e) ? e.getAsString() : null;
  }

  /** RFC 7519 §2 NumericDate: a JSON number, here also bounded to [0, year 9999]. */
  private static boolean isNumericDate(JsonElement e) {
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      return false;
    }
    BigDecimal d = e.getAsBigDecimal();
    return d.signum() >= 0 && d.compareTo(BigDecimal.valueOf(ClaimsPolicy.MAX_NUMERIC_DATE)) <= 0;
  }

  private static long seconds(JsonElement e) {
    return e.getAsBigDecimal().longValue();
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
