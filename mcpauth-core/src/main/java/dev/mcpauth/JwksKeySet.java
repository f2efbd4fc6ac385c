package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usable verification keys of one JWKS document, indexed by {@code kid}. This is the only class
 * that touches jose4j: it turns JWK JSON into {@link java.security.PublicKey}s. Symmetric keys,
 * unparseable keys and keys fit for no allowed algorithm are left out. Immutable.
 */
final class JwksKeySet {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeySet.class);

  private final Map<String, List<VerificationKey>> byKid;
  private final List<VerificationKey> all;

  private JwksKeySet(Map<String, List<VerificationKey>> byKid, List<VerificationKey> all) {
    this.byKid = byKid;
    this.all = all;
  }

  /** Parses a JWKS document; a document without a {@code keys} array is refused as a whole. */
  static JwksKeySet parse(byte[] body) throws StrictJson.JsonRejected {
    JsonObject json = StrictJson.parseObject(body);
    JsonElement keys = json.get("keys");
    if (keys == null || !keys.isJsonArray()) {
      throw new StrictJson.JsonRejected("a JWKS must have a \"keys\" array");
    }
    Map<String, List<VerificationKey>> byKid = new HashMap<>();
    List<VerificationKey> all = new ArrayList<>();
    JsonArray array = keys.getAsJsonArray();
    for (JsonElement element : array) {
      VerificationKey key = element.isJsonObject() ? toKey(element.getAsJsonObject()) : null;
      if (key == null) {
        continue;
      }
      all.add(key);
      if (key.kid != null) {
        byKid.computeIfAbsent(key.kid, k -> new ArrayList<>(1)).add(key);
      }
    }
    return new JwksKeySet(Collections.unmodifiableMap(byKid), List.copyOf(all));
  }

  /**
   * At most this many keys are tried for a token without {@code kid}: only keys whose type and
   * algorithm fit the token's {@code alg} count, and a key set larger than this cannot make one
   * token cost more signature checks.
   */
  static final int MAX_CANDIDATES = 4;

  /**
   * Keys that may verify a token with this {@code kid} (or, without a kid, any key) and algorithm:
   * only those whose {@code kty}/{@code alg}/{@code crv}/{@code use} fit, at most {@link
   * #MAX_CANDIDATES}.
   */
  List<VerificationKey> candidates(String kid, JwsAlgorithm alg) {
    List<VerificationKey> pool = kid == null ? all : byKid.getOrDefault(kid, List.of());
    if (pool.size() == 1) {
      return pool.get(0).supports(alg) ? pool : List.of();
    }
    List<VerificationKey> out = new ArrayList<>(pool.size());
    for (VerificationKey k : pool) {
      if (k.supports(alg) && out.size() < MAX_CANDIDATES) {
        out.add(k);
      }
    }
    return out;
  }

  /** Whether this set holds the same key material (same kid, equal public key). */
  boolean contains(VerificationKey key) {
    List<VerificationKey> pool = key.kid == null ? all : byKid.getOrDefault(key.kid, List.of());
    for (VerificationKey k : pool) {
      if (k == key || k.key.equals(key.key)) {
        return true;
      }
    }
    return false;
  }

  boolean hasKid(String kid) {
    return byKid.containsKey(kid);
  }

  int size() {
    return all.size();
  }

  /**
   * The public key of a DPoP proof's {@code jwk} header, with the algorithms it fits and its
   * thumbprint.
   */
  record ProofKey(VerificationKey key, String thumbprint) {}

  private static final Set<String> PRIVATE_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  /**
   * Reads a DPoP proof's embedded public key (RFC 9449 §4.3 check 7: it must not contain a private
   * key) and its RFC 7638 SHA-256 thumbprint; null when it is not a usable public key.
   */
  static ProofKey proofKey(JsonObject jwk, OutageLog refusedKeys) {
    for (String member : PRIVATE_MEMBERS) {
      if (jwk.has(member)) {
        return null;
      }
    }
    JsonObject withoutUse = jwk.deepCopy();
    withoutUse.remove("use");
    withoutUse.remove("key_ops");
    // The RFC 7638 thumbprint comes from the key as parsed: the proof's key is parsed once.
    return parse(withoutUse, refusedKeys);
  }

  private static VerificationKey toKey(JsonObject jwk) {
    ProofKey parsed = parse(jwk, null);
    return parsed == null ? null : parsed.key();
  }

  /**
   * A usable key, or null. {@code proofKeys} is set for a DPoP proof's key (which gets its
   * thumbprint); null for a key-set member (whose thumbprint stays empty).
   */
  private static ProofKey parse(JsonObject jwk, OutageLog proofKeys) {
    boolean thumbprint = proofKeys != null;
    String kty = string(jwk, "kty");
    if (kty == null || !(kty.equals("RSA") || kty.equals("EC") || kty.equals("OKP"))) {
      return null;
    }
    JsonElement kidElement = jwk.get("kid");
    String kid =
        kidElement != null
                && kidElement.isJsonPrimitive()
                && kidElement.getAsJsonPrimitive().isString()
            ? kidElement.getAsString()
            : null;
    String use = string(jwk, "use");
    if (use != null && !use.equals("sig")) {
      return null;
    }
    if (jwk.has("key_ops") && !containsString(jwk.get("key_ops"), "verify")) {
      return null;
    }
    PublicJsonWebKey parsed;
    try {
      JsonWebKey key = JsonWebKey.Factory.newJwk(jwk.toString());
      if (!(key instanceof PublicJsonWebKey)) {
        return null;
      }
      parsed = (PublicJsonWebKey) key;
    } catch (JoseException | RuntimeException e) {
      LOG.debug(
          "skipping a JWK that does not parse (kid {}): {}", kid, e.getClass().getSimpleName());
      return null;
    }
    String alg = string(jwk, "alg");
    String crv = string(jwk, "crv");
    Set<JwsAlgorithm> algorithms = EnumSet.noneOf(JwsAlgorithm.class);
    for (JwsAlgorithm candidate : JwsAlgorithm.values()) {
      if (!candidate.keyType().equals(kty)) {
        continue;
      }
      if (alg != null && !alg.equals(candidate.jwsName()) && !edwardsAlias(alg, candidate, crv)) {
        continue;
      }
      if (candidate.curve().isPresent() && !candidate.curve().get().equals(crv)) {
        continue;
      }
      algorithms.add(candidate);
    }
    if (kty.equals("RSA") && !acceptableRsa((RSAPublicKey) parsed.getPublicKey())) {
      if (proofKeys != null) {
        // Anyone can send such a proof without credentials: a WARN per request would let them
        // flood the log, so at most one per interval. The kid is the sender's text: not logged.
        proofKeys.warn(
            "refusing DPoP proofs signed by RSA keys outside 2048 to 4096 bits or with an exponent"
                + " other than 65537 (the latest has a {}-bit modulus)",
            ((RSAPublicKey) parsed.getPublicKey()).getModulus().bitLength());
        return null;
      }
      LOG.warn(
          "ignoring RSA key {}: the modulus must have {} to {} bits and the exponent must be 65537",
          kid,
          VerificationKey.MIN_RSA_BITS,
          VerificationKey.MAX_RSA_BITS);
      return null;
    }
    if (algorithms.isEmpty()) {
      return null;
    }
    VerificationKey key = new VerificationKey(kid, parsed.getPublicKey(), algorithms);
    try {
      return new ProofKey(
          key, thumbprint ? parsed.calculateBase64urlEncodedThumbprint("SHA-256") : "");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * RSA keys, of JWKS and DPoP proofs alike: a modulus of 2048 to 4096 bits and the exponent 65537.
   * A huge exponent or modulus makes every signature check of an unauthenticated request expensive.
   */
  private static boolean acceptableRsa(RSAPublicKey key) {
    int bits = key.getModulus().bitLength();
    return bits >= VerificationKey.MIN_RSA_BITS
        && bits <= VerificationKey.MAX_RSA_BITS
        && key.getPublicExponent().equals(BigInteger.valueOf(65537));
  }

  /** {@code EdDSA} and {@code Ed25519} (RFC 9864) name the same signature on an Ed25519 key. */
  private static boolean edwardsAlias(String alg, JwsAlgorithm candidate, String crv) {
    return "Ed25519".equals(crv)
        && (alg.equals("EdDSA") || alg.equals("Ed25519"))
        && (candidate == JwsAlgorithm.EDDSA || candidate == JwsAlgorithm.ED25519);
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        ? e.getAsString()
        : null;
  }

  private static boolean containsString(JsonElement array, String value) {
    if (!array.isJsonArray()) {
      return false;
    }
    for (JsonElement e : array.getAsJsonArray()) {
      if (e.isJsonPrimitive()
          && e.getAsJsonPrimitive().isString()
          && e.getAsString().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
