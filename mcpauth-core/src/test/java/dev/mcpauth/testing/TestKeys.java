package dev.mcpauth.testing;

import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** Real key pairs for tests, generated once per JVM (generation is the slow part). */
public final class TestKeys {
  public static final PublicJsonWebKey K1 = rsa("k1", 2048);
  public static final PublicJsonWebKey K2 = rsa("k2", 2048);
  public static final PublicJsonWebKey WEAK = rsa("k512", 1024);
  public static final PublicJsonWebKey ATTACKER = rsa("k1", 2048);
  public static final PublicJsonWebKey EC1 = ec("ec1");
  public static final PublicJsonWebKey ED1 = ed("ed1");

  private TestKeys() {}

  public static PublicJsonWebKey rsa(String kid, int bits) {
    try {
      PublicJsonWebKey k = RsaJwkGenerator.generateJwk(bits);
      k.setKeyId(kid);
      return k;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PublicJsonWebKey ec(String kid) {
    try {
      PublicJsonWebKey k = EcJwkGenerator.generateJwk(EllipticCurves.P256);
      k.setKeyId(kid);
      return k;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PublicJsonWebKey ed(String kid) {
    try {
      PublicJsonWebKey k = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
      k.setKeyId(kid);
      return k;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A public JWKS document holding these keys. */
  public static String jwks(PublicJsonWebKey... keys) {
    List<String> parts = new ArrayList<>();
    for (PublicJsonWebKey k : keys) {
      parts.add(k.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }
    return "{\"keys\":[" + String.join(",", parts) + "]}";
  }

  /** A single public JWK with extra members merged in (e.g. {@code "use":"enc"}). */
  public static String jwkWith(PublicJsonWebKey key, String extraMembers) {
    String json = key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    return json.substring(0, json.length() - 1) + "," + extraMembers + "}";
  }
}
