package dev.mcpauth;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * A {@code private_key_jwt} client assertion (RFC 7523 §2.2, OIDC Core §9): a JWT signed with the
 * client's private key, issued and subject the client id, audience the token endpoint, valid for
 * {@link #LIFETIME_SECONDS} and with a fresh {@code jti}. The algorithm follows from the key: RS256
 * for RSA, ES256/ES384/ES512 for EC P-256/P-384/P-521. Thread-safe.
 */
final class ClientAssertion {
  /** How long an assertion is valid: 60 seconds. */
  static final long LIFETIME_SECONDS = 60;

  static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String clientId;
  private final PrivateKey key;
  private final Optional<String> keyId;
  private final String alg;
  private final String jca;

  ClientAssertion(String clientId, PrivateKey key, Optional<String> keyId) {
    this.clientId = clientId;
    this.key = key;
    this.keyId = keyId;
    if (key instanceof RSAPrivateKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("an RSA client key needs at least 2048 bits");
      }
      alg = "RS256";
      jca = "SHA256withRSA";
    } else if (key instanceof ECPrivateKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      switch (bits) {
        case 256 -> {
          alg = "ES256";
          jca = "SHA256withECDSAinP1363Format";
        }
        case 384 -> {
          alg = "ES384";
          jca = "SHA384withECDSAinP1363Format";
        }
        case 521 -> {
          alg = "ES512";
          jca = "SHA512withECDSAinP1363Format";
        }
        default ->
            throw new IllegalArgumentException("an EC client key must be on P-256, P-384 or P-521");
      }
    } else {
      throw new IllegalArgumentException("a client key must be an RSA or EC private key");
    }
  }

  /** The JWS algorithm of the assertions. */
  String algorithm() {
    return alg;
  }

  /** A new assertion for {@code audience} (the token endpoint). */
  String create(String audience, Clock clock) {
    JsonObject header = new JsonObject();
    header.addProperty("alg", alg);
    header.addProperty("typ", "JWT");
    keyId.ifPresent(kid -> header.addProperty("kid", kid));
    long now = clock.instant().getEpochSecond();
    byte[] jti = new byte[18];
    RANDOM.nextBytes(jti);
    JsonObject claims = new JsonObject();
    claims.addProperty("iss", clientId);
    claims.addProperty("sub", clientId);
    claims.addProperty("aud", audience);
    claims.addProperty("jti", B64.encodeToString(jti));
    claims.addProperty("iat", now);
    claims.addProperty("exp", now + LIFETIME_SECONDS);
    String input =
        B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance(jca);
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw TokenExchangeException.misconfigured(
          "the client key cannot sign a " + alg + " client assertion");
    }
  }
}
