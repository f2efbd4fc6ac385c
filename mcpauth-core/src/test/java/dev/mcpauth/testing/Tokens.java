package dev.mcpauth.testing;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Mints JWTs for tests, including ones no well-behaved library would produce: raw header and claims
 * JSON (duplicates, odd types), arbitrary algorithms and signatures.
 */
public final class Tokens {
  public static final String ISSUER = "http://127.0.0.1:1/as";
  public static final String RESOURCE = "https://mcp.test/mcp";
  private static final Gson GSON = new Gson();

  private Tokens() {}

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Signs {@code headerJson.claimsJson} with the key, using the JOSE algorithm name. */
  public static String sign(String headerJson, String claimsJson, PrivateKey key, String alg) {
    String input = b64(headerJson) + "." + b64(claimsJson);
    return input + "." + b64(signature(input.getBytes(StandardCharsets.US_ASCII), key, alg));
  }

  public static byte[] signature(byte[] input, PrivateKey key, String alg) {
    try {
      Signature s;
      switch (alg) {
        case "RS256":
          s = Signature.getInstance("SHA256withRSA");
          break;
        case "RS384":
          s = Signature.getInstance("SHA384withRSA");
          break;
        case "RS512":
          s = Signature.getInstance("SHA512withRSA");
          break;
        case "PS256":
          s = Signature.getInstance("RSASSA-PSS");
          s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
          break;
        case "ES256":
          s = Signature.getInstance("SHA256withECDSAinP1363Format");
          break;
        case "ES256-DER":
          s = Signature.getInstance("SHA256withECDSA");
          break;
        case "EdDSA":
          s = Signature.getInstance("EdDSA");
          break;
        case "Ed25519":
          s = Signature.getInstance("Ed25519");
          break;
        default:
          throw new IllegalArgumentException(alg);
      }
      s.initSign(key);
      s.update(input);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A builder preloaded with the catalogue's VALID token (security.md §3.0 fixture). */
  public static Builder valid(String issuer, String resource) {
    return new Builder(issuer, resource, System.currentTimeMillis() / 1000);
  }

  /** The VALID token as of {@code nowSeconds} (for tests that move a clock). */
  public static Builder valid(String issuer, String resource, long nowSeconds) {
    return new Builder(issuer, resource, nowSeconds);
  }

  public static final class Builder {
    final Map<String, Object> header = new LinkedHashMap<>();
    final Map<String, Object> claims = new LinkedHashMap<>();
    private PublicJsonWebKey key = TestKeys.K1;
    private String signAlg;

    Builder(String issuer, String resource, long now) {
      header.put("alg", "RS256");
      header.put("typ", "at+jwt");
      header.put("kid", "k1");
      claims.put("iss", issuer);
      claims.put("aud", resource);
      claims.put("sub", "alice");
      claims.put("client_id", "client-1");
      claims.put("iat", now);
      claims.put("exp", now + 300);
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("scope", "mcp:read");
    }

    public Builder header(String name, Object value) {
      header.put(name, value);
      return this;
    }

    public Builder withoutHeader(String name) {
      header.remove(name);
      return this;
    }

    public Builder claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    public Builder without(String name) {
      claims.remove(name);
      return this;
    }

    /** Signs with this key; the header's kid and alg stay as set. */
    public Builder signWith(PublicJsonWebKey key) {
      this.key = key;
      return this;
    }

    /** Signs with this algorithm regardless of the alg header. */
    public Builder signAs(String alg) {
      this.signAlg = alg;
      return this;
    }

    public String headerJson() {
      return GSON.toJson(header);
    }

    public String claimsJson() {
      return GSON.toJson(claims);
    }

    public String build() {
      String alg = signAlg != null ? signAlg : String.valueOf(header.get("alg"));
      return sign(headerJson(), claimsJson(), key.getPrivateKey(), alg);
    }
  }
}
