package dev.mcpauth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a DPoP proof for one request, every RFC 9449 §4.3 rule a resource server applies: one proof,
 * a compact JWS with {@code typ} {@code dpop+jwt}, an allowed asymmetric {@code alg}, signed by the
 * public key in its {@code jwk} header (never a private key), {@code htm} the request method,
 * {@code htu} this resource's origin plus the request path (a proof with a query or fragment in
 * {@code htu} is refused, RFC 9449 §4.2; scheme and host compare case-insensitively, default ports
 * are dropped), {@code iat} within the window, {@code ath} the
 * hash of the presented access token, and optionally a server nonce and a one-time {@code jti}.
 * Nonces are stateless: an HMAC of the current five-minute slot, so every instance sharing no state
 * still accepts its own. Thread-safe.
 */
final class DpopProofVerifier {
  /** The outcome of checking a proof. */
  sealed interface Outcome {
    /** The proof is good; {@code jkt} is its key's thumbprint, to compare with the token's {@code cnf.jkt}. */
    record Valid(String jkt) implements Outcome {}

    /** The proof is bad ({@code invalid_dpop_proof}). */
    record Invalid(String detail) implements Outcome {}

    /** A (fresh) server nonce is needed ({@code use_dpop_nonce}). */
    record NonceRequired(String nonce) implements Outcome {}
  }

  private static final long NONCE_SLOT_MILLIS = 5 * 60 * 1000L;

  private final DpopSettings settings;
  private final Clock clock;
  private final String origin;
  private final byte[] nonceSecret = new byte[32];
  private final ConcurrentHashMap<String, Long> seenJti = new ConcurrentHashMap<>();

  DpopProofVerifier(DpopSettings settings, Clock clock, ResourceIdentifier resource) {
    this.settings = settings;
    this.clock = clock;
    this.origin = normalizedOrigin(URI.create(resource.value()));
    new SecureRandom().nextBytes(nonceSecret);
  }

  Outcome check(String proof, String method, String path, String accessToken) {
    if (method == null || path == null) {
      return new Outcome.Invalid("the request method and path are unknown to the verifier");
    }
    CompactJws jws;
    try {
      jws = CompactJws.parse(proof);
    } catch (CompactJws.Malformed e) {
      return new Outcome.Invalid("the proof is not a compact JWS");
    }
    JsonObject header = jws.header;
    if (!"dpop+jwt".equals(string(header, "typ"))) {
      return new Outcome.Invalid("typ must be dpop+jwt");
    }
    JwsAlgorithm alg = JwsAlgorithm.fromJwsName(string(header, "alg")).orElse(null);
    if (alg == null || !settings.algorithms().contains(alg)) {
      return new Outcome.Invalid("alg is not an accepted asymmetric algorithm");
    }
    JsonElement jwk = header.get("jwk");
    JwksKeySet.ProofKey key = jwk != null && jwk.isJsonObject() ? JwksKeySet.proofKey(jwk.getAsJsonObject()) : null;
    if (key == null || !key.key().supports(alg)) {
      return new Outcome.Invalid("jwk must be a public key fitting alg");
    }
    if (!alg.verify(key.key().key, jws.signingInput, jws.signature)) {
      return new Outcome.Invalid("the proof signature is invalid");
    }
    JsonObject claims = jws.claims;
    String jti = string(claims, "jti");
    if (jti == null || jti.isEmpty() || jti.length() > 256) {
      return new Outcome.Invalid("jti is required");
    }
    if (!method.equalsIgnoreCase(string(claims, "htm"))) {
      return new Outcome.Invalid("htm does not match the request method");
    }
    String htu = string(claims, "htu");
    if (htu == null || !(origin + path).equals(normalizedWithoutQuery(htu))) {
      return new Outcome.Invalid("htu does not match the request URL");
    }
    JsonElement iat = claims.get("iat");
    long now = clock.millis() / 1000;
    if (iat == null || !iat.isJsonPrimitive() || !iat.getAsJsonPrimitive().isNumber()
        || Math.abs(now - iat.getAsBigDecimal().longValue()) > settings.iatWindow().toSeconds()) {
      return new Outcome.Invalid("iat is missing or outside the accepted window");
    }
    if (!ath(accessToken).equals(string(claims, "ath"))) {
      return new Outcome.Invalid("ath does not match the access token");
    }
    if (settings.requireNonce()) {
      String nonce = string(claims, "nonce");
      if (nonce == null || !(nonce.equals(nonce(slot(0))) || nonce.equals(nonce(slot(-1))))) {
        return new Outcome.NonceRequired(nonce(slot(0)));
      }
    }
    if (settings.replayCache() && !firstUse(jti)) {
      return new Outcome.Invalid("the proof was used before");
    }
    return new Outcome.Valid(key.thumbprint());
  }

  /** A nonce to hand out now (for a {@code DPoP-Nonce} header). */
  String currentNonce() {
    return nonce(slot(0));
  }

  private long slot(int offset) {
    return clock.millis() / NONCE_SLOT_MILLIS + offset;
  }

  private String nonce(long slot) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(nonceSecret, "HmacSHA256"));
      byte[] out = mac.doFinal(Long.toString(slot).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out).substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every Java runtime", e);
    }
  }

  private boolean firstUse(String jti) {
    long now = clock.millis();
    long keepUntil = now + 2 * settings.iatWindow().toMillis();
    if (seenJti.size() > 100_000) {
      seenJti.values().removeIf(until -> until < now);
    }
    Long previous = seenJti.putIfAbsent(jti, keepUntil);
    return previous == null || previous < now && seenJti.replace(jti, previous, keepUntil);
  }

  static String ath(String accessToken) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is in every Java runtime", e);
    }
  }

  /** scheme://host[:port] lower-cased, without a default port. */
  private static String normalizedOrigin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  private static String normalizedWithoutQuery(String url) {
    try {
      URI uri = new URI(url);
      if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        return null; // RFC 9449 §4.2: htu is the target URI without query and fragment
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return normalizedOrigin(uri) + path;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
  }
}
