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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a DPoP proof for one request, every RFC 9449 §4.3 rule a resource server applies, cheapest
 * first and the signature last: one proof, a compact JWS with {@code typ} {@code dpop+jwt}, no
 * {@code crit}, an allowed asymmetric {@code alg}, a public key in its {@code jwk} header (never a
 * private key; RSA 2048-4096 bits with e = 65537), {@code jti}, {@code htm} exactly the request
 * method, {@code htu} the request URI (both normalised: scheme and host case, default ports,
 * percent-encoding, no query, no fragment; userinfo refused), {@code iat} a NumericDate within the
 * window, {@code ath} the hash of the presented access token, a server nonce when required, then
 * the signature. Stateless: recording the {@code jti} is the caller's last step, after everything
 * else passed. Nonces are an HMAC of the current five-minute slot under the configured (or a
 * random) secret, valid for the whole resource. Thread-safe.
 */
final class DpopProofVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(DpopProofVerifier.class);

  /** The outcome of checking a proof. */
  static final class Outcome {
    private Outcome() {}

    /** One of the answers below. */
    sealed interface Result permits Valid, Invalid, NonceRequired {}

    /** The proof is good: {@code jkt} is its key's thumbprint, {@code jti} still to be recorded. */
    record Valid(String jkt, String jti) implements Result {}

    /** The proof is bad ({@code invalid_dpop_proof}). */
    record Invalid(String detail) implements Result {}

    /** A (fresh) server nonce is needed ({@code use_dpop_nonce}). */
    record NonceRequired(String nonce) implements Result {}
  }

  private static final long NONCE_SLOT_MILLIS = 5 * 60 * 1000L;

  private final DpopSettings settings;
  private final Clock clock;
  private final String origin;
  private final List<byte[]> nonceSecrets;
  private final OutageLog refusedKeys;

  DpopProofVerifier(DpopSettings settings, Clock clock, ResourceIdentifier resource) {
    this.settings = settings;
    this.clock = clock;
    this.refusedKeys = new OutageLog(LOG, clock, OutageLog.DEFAULT_INTERVAL);
    this.origin = normalizedOrigin(URI.create(resource.value()));
    if (settings.nonceSecrets().isEmpty()) {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      this.nonceSecrets = List.of(secret);
    } else {
      this.nonceSecrets = settings.nonceSecrets();
    }
  }

  Outcome.Result check(
      String proof, Optional<String> method, Optional<String> path, String accessToken) {
    if (method.isEmpty() || path.isEmpty()) {
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
    if (header.has("crit")) {
      return new Outcome.Invalid(
          "the proof names critical extensions this server does not understand");
    }
    JwsAlgorithm alg = JwsAlgorithm.fromJwsName(string(header, "alg")).orElse(null);
    if (alg == null || !settings.algorithms().contains(alg)) {
      return new Outcome.Invalid("alg is not an accepted asymmetric algorithm");
    }
    JsonElement jwk = header.get("jwk");
    JwksKeySet.ProofKey key =
        jwk != null && jwk.isJsonObject()
            ? JwksKeySet.proofKey(jwk.getAsJsonObject(), refusedKeys)
            : null;
    if (key == null || !key.key().supports(alg)) {
      return new Outcome.Invalid("jwk must be a public key fitting alg");
    }
    JsonObject claims = jws.claims;
    String jti = string(claims, "jti");
    if (jti == null || jti.isEmpty() || jti.length() > 256) {
      return new Outcome.Invalid("jti is required");
    }
    if (!method.get().equals(string(claims, "htm"))) {
      return new Outcome.Invalid("htm does not match the request method");
    }
    String htu = string(claims, "htu");
    Optional<String> proofUri = htu == null ? Optional.empty() : normalizedUri(htu);
    Optional<String> requestUri = normalizedPath(path.get()).map(p -> origin + p);
    if (proofUri.isEmpty() || !proofUri.equals(requestUri)) {
      return new Outcome.Invalid("htu does not match the request URL");
    }
    Optional<Long> iat = NumericDate.seconds(claims.get("iat"));
    long now = clock.millis() / 1000;
    if (iat.isEmpty() || Math.abs(now - iat.get()) > settings.iatWindow().toSeconds()) {
      return new Outcome.Invalid("iat is missing or outside the accepted window");
    }
    if (!ath(accessToken).equals(string(claims, "ath"))) {
      return new Outcome.Invalid("ath does not match the access token");
    }
    if (settings.requireNonce() && !nonceAccepted(string(claims, "nonce"))) {
      return new Outcome.NonceRequired(currentNonce());
    }
    if (!alg.verify(key.key().key, jws.signingInput, jws.signature)) {
      return new Outcome.Invalid("the proof signature is invalid");
    }
    return new Outcome.Valid(key.thumbprint(), jti);
  }

  /** The single-use key of a proof: hashed, so no {@code jti} is stored in clear. */
  static String replayKey(String jkt, String jti) {
    return "dpop-jti:" + sha256Base64Url(jkt + " " + jti);
  }

  /**
   * Until when a proof's {@code jti} must be remembered: twice the window covers every accepted
   * {@code iat}.
   */
  Instant replayHorizon() {
    return clock.instant().plus(settings.iatWindow().multipliedBy(2));
  }

  /** Whether proofs are single-use ({@link DpopSettings#replayCheck()}). */
  boolean replayCheckOn() {
    return settings.replayCheck();
  }

  /** Whether Bearer tokens are refused. */
  boolean required() {
    return settings.required();
  }

  /** A nonce to hand out now (for a {@code DPoP-Nonce} header). */
  String currentNonce() {
    return nonce(nonceSecrets.get(0), slot(0));
  }

  private boolean nonceAccepted(String nonce) {
    if (nonce == null) {
      return false;
    }
    for (byte[] secret : nonceSecrets) {
      if (nonce.equals(nonce(secret, slot(0))) || nonce.equals(nonce(secret, slot(-1)))) {
        return true;
      }
    }
    return false;
  }

  private long slot(int offset) {
    return clock.millis() / NONCE_SLOT_MILLIS + offset;
  }

  private static String nonce(byte[] secret, long slot) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] out = mac.doFinal(Long.toString(slot).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out).substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every Java runtime", e);
    }
  }

  static String ath(String accessToken) {
    return sha256Base64Url(accessToken);
  }

  private static String sha256Base64Url(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is in every Java runtime", e);
    }
  }

  /** scheme://host[:port] lower-cased, without a default port. */
  private static String normalizedOrigin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  /**
   * RFC 9449 §4.3 check 9 compares {@code htu} without query and fragment, after RFC 3986 §6.2.2
   * normalisation: scheme and host case, default port, percent-encoding case and unreserved
   * characters. A {@code htu} with userinfo is refused (it can only mislead).
   */
  static Optional<String> normalizedUri(String url) {
    try {
      URI uri = new URI(url);
      if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
        return Optional.empty();
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        return Optional.empty();
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return normalizedPath(path).map(p -> normalizedOrigin(uri) + p);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * A request path with its query dropped and its percent-encoding normalised; empty if malformed.
   */
  static Optional<String> normalizedPath(String rawPath) {
    String path = rawPath;
    int cut = indexOfAny(path, '?', '#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    if (path.isEmpty()) {
      path = "/";
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= path.length()
          || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return Optional.empty();
      }
      char decoded = (char) Integer.parseInt(path.substring(i + 1, i + 3), 16);
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
      }
      i += 2;
    }
    return Optional.of(out.toString());
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        ? e.getAsString()
        : null;
  }
}
