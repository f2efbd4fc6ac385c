package dev.mcpauth.testing;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

/** Mints DPoP proofs (RFC 9449 §4.2) for tests, correct unless told otherwise. */
public final class DpopProofs {
  private static final Gson GSON = new Gson();

  private DpopProofs() {}

  /** The RFC 7638 thumbprint of a key, as a token's cnf.jkt. */
  public static String jkt(PublicJsonWebKey key) {
    return key.calculateBase64urlEncodedThumbprint("SHA-256");
  }

  public static String ath(String token) {
    try {
      return Tokens.b64(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A builder for a proof for {@code method} {@code htu}, bound to {@code token}, signed by {@code
   * key} (ES256).
   */
  public static Builder proof(PublicJsonWebKey key, String method, String htu, String token) {
    return new Builder(key, method, htu, token);
  }

  public static final class Builder {
    public final Map<String, Object> header = new LinkedHashMap<>();
    public final Map<String, Object> claims = new LinkedHashMap<>();
    private final PublicJsonWebKey key;

    Builder(PublicJsonWebKey key, String method, String htu, String token) {
      this.key = key;
      header.put("typ", "dpop+jwt");
      header.put("alg", "ES256");
      header.put(
          "jwk",
          GSON.fromJson(
              JsonParser.parseString(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)),
              Map.class));
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("htm", method);
      claims.put("htu", htu);
      claims.put("iat", System.currentTimeMillis() / 1000);
      claims.put("ath", ath(token));
    }

    public Builder header(String name, Object value) {
      header.put(name, value);
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

    public String build() {
      return Tokens.sign(
          GSON.toJson(header),
          GSON.toJson(claims),
          key.getPrivateKey(),
          String.valueOf(header.get("alg")));
    }
  }
}
