package dev.mcpauth;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;

/**
 * The asymmetric JWS algorithms an access token may be signed with (RFC 7518 §3, RFC 8037). There
 * is no {@code none} and no HMAC: a resource server holds only public keys, and accepting HS* with
 * a published key is the classic key-confusion attack (RFC 8725 §2.1).
 */
public enum JwsAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256. */
  RS256("RS256", "RSA", "SHA256withRSA", null, 0),
  /** RSASSA-PKCS1-v1_5 with SHA-384. */
  RS384("RS384", "RSA", "SHA384withRSA", null, 0),
  /** RSASSA-PKCS1-v1_5 with SHA-512. */
  RS512("RS512", "RSA", "SHA512withRSA", null, 0),
  /** RSASSA-PSS with SHA-256 and MGF1 with SHA-256. */
  PS256("PS256", "RSA", "RSASSA-PSS", null, 0),
  /** RSASSA-PSS with SHA-384 and MGF1 with SHA-384. */
  PS384("PS384", "RSA", "RSASSA-PSS", null, 0),
  /** RSASSA-PSS with SHA-512 and MGF1 with SHA-512. */
  PS512("PS512", "RSA", "RSASSA-PSS", null, 0),
  /** ECDSA on P-256 with SHA-256. */
  ES256("ES256", "EC", "SHA256withECDSAinP1363Format", "P-256", 64),
  /** ECDSA on P-384 with SHA-384. */
  ES384("ES384", "EC", "SHA384withECDSAinP1363Format", "P-384", 96),
  /** ECDSA on P-521 with SHA-512. */
  ES512("ES512", "EC", "SHA512withECDSAinP1363Format", "P-521", 132),
  /** EdDSA (Ed25519 or Ed448, as the key says). */
  EDDSA("EdDSA", "OKP", "EdDSA", null, 0),
  /**
   * Ed25519 by its fully specified name (RFC 9864); the same signature as {@link #EDDSA} on an
   * Ed25519 key.
   */
  ED25519("Ed25519", "OKP", "Ed25519", "Ed25519", 0);

  private final String jwsName;
  private final String keyType;
  private final String jcaName;
  private final String curve;
  private final int ecSignatureLength;

  /**
   * One JCA engine per thread and algorithm: looking the provider up costs more than the RSA check
   * itself saves. Thread-confined, re-initialised with the key on every use, so nothing leaks
   * between calls.
   */
  private final ThreadLocal<Signature> engines = ThreadLocal.withInitial(this::newEngine);

  JwsAlgorithm(
      String jwsName, String keyType, String jcaName, String curve, int ecSignatureLength) {
    this.jwsName = jwsName;
    this.keyType = keyType;
    this.jcaName = jcaName;
    this.curve = curve;
    this.ecSignatureLength = ecSignatureLength;
  }

  /** The {@code alg} header value, e.g. {@code RS256}. */
  public String jwsName() {
    return jwsName;
  }

  /** The JWK {@code kty} a key must have for this algorithm. */
  public String keyType() {
    return keyType;
  }

  /** The JWK {@code crv} an EC key must have; empty for RSA and EdDSA. */
  public Optional<String> curve() {
    return Optional.ofNullable(curve);
  }

  /** Looks an {@code alg} header value up by exact, case-sensitive name. */
  public static Optional<JwsAlgorithm> fromJwsName(String name) {
    for (JwsAlgorithm a : values()) {
      if (a.jwsName.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Verifies a signature; false for any malformed signature, never an exception. */
  boolean verify(PublicKey key, byte[] signingInput, byte[] signature) {
    if (ecSignatureLength > 0 && !isPlausibleEcSignature(signature)) {
      return false;
    }
    Signature s = engines.get();
    if (s == null) {
      return false;
    }
    try {
      s.initVerify(key);
      s.update(signingInput);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      engines.remove(); // an engine in an unknown state is not reused
      return false;
    }
  }

  private Signature newEngine() {
    try {
      Signature s = Signature.getInstance(jcaName);
      if (jcaName.equals("RSASSA-PSS")) {
        s.setParameter(pssParameters());
      }
      return s;
    } catch (GeneralSecurityException e) {
      return null; // this runtime lacks the algorithm: verification fails closed
    }
  }

  /**
   * JOSE ECDSA signatures are the fixed-length R||S form (RFC 7518 §3.4), never DER; R and S must
   * be non-zero. The JDK checks the range as well since 17.0.3; the zero check also stops the
   * CVE-2022-21449 "psychic signature" on runtimes that lack that fix.
   */
  private boolean isPlausibleEcSignature(byte[] signature) {
    if (signature.length != ecSignatureLength) {
      return false;
    }
    int half = ecSignatureLength / 2;
    return !allZero(signature, 0, half) && !allZero(signature, half, ecSignatureLength);
  }

  private static boolean allZero(byte[] b, int from, int to) {
    int acc = 0;
    for (int i = from; i < to; i++) {
      acc |= b[i];
    }
    return acc == 0;
  }

  private PSSParameterSpec pssParameters() {
    switch (this) {
      case PS384:
        return new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
      case PS512:
        return new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);
      default:
        return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    }
  }
}
