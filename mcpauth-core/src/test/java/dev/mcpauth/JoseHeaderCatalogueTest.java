package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** security.md §3.2 B: JOSE header, algorithm and key attacks, with real keys and a real JWKS. */
class JoseHeaderCatalogueTest {
  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private String unsigned(String headerJson, String claimsJson, String signature) {
    return Tokens.b64(headerJson) + "." + Tokens.b64(claimsJson) + "." + signature;
  }

  private static String hmac(String input, byte[] secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.length == 0 ? new byte[] {0} : secret, "HmacSHA256"));
    return Tokens.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void b01AlgNoneIsRejected() {
    Tokens.Builder t = f.valid().header("alg", "none");
    assertInvalidToken(
        f.verifyToken(unsigned(t.headerJson(), t.claimsJson(), "")), DenialReason.MALFORMED_TOKEN);
    assertInvalidToken(
        f.verifyToken(unsigned(t.headerJson(), t.claimsJson(), "AAAA")),
        DenialReason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void b02AlgNoneInAnyCasingIsRejected() {
    for (String none : new String[] {"None", "NONE", "nOnE"}) {
      Tokens.Builder t = f.valid().header("alg", none);
      assertInvalidToken(
          f.verifyToken(unsigned(t.headerJson(), t.claimsJson(), "AAAA")),
          DenialReason.UNSUPPORTED_ALGORITHM);
    }
  }

  @Test
  void b03Hs256KeyedWithThePublicKeyIsRejected() throws Exception {
    Tokens.Builder t = f.valid().header("alg", "HS256");
    String input = Tokens.b64(t.headerJson()) + "." + Tokens.b64(t.claimsJson());
    byte[] der = TestKeys.K1.getPublicKey().getEncoded();
    byte[] pem =
        ("-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (byte[] secret : new byte[][] {der, pem}) {
      assertInvalidToken(
          f.verifyToken(input + "." + hmac(input, secret)), DenialReason.UNSUPPORTED_ALGORITHM);
    }
    assertThat(f.as.hits("/as/jwks")).isZero();
  }

  @Test
  void b04Hs256WithEmptyOrGuessableSecretIsRejected() throws Exception {
    Tokens.Builder t = f.valid().header("alg", "HS256");
    String input = Tokens.b64(t.headerJson()) + "." + Tokens.b64(t.claimsJson());
    assertInvalidToken(
        f.verifyToken(input + "." + hmac(input, new byte[0])), DenialReason.UNSUPPORTED_ALGORITHM);
    assertInvalidToken(
        f.verifyToken(input + "." + hmac(input, "secret".getBytes(StandardCharsets.US_ASCII))),
        DenialReason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void b05AlgorithmOutsideTheAllowListIsRejected() {
    try (Fixture rsOnly = new Fixture(b -> b.algorithms(JwsAlgorithm.RS256), Clock.systemUTC())) {
      String ps = rsOnly.valid().header("alg", "PS256").build();
      String ed =
          rsOnly.valid().header("alg", "EdDSA").header("kid", "ed1").signWith(TestKeys.ED1).build();
      assertInvalidToken(rsOnly.verifyToken(ps), DenialReason.UNSUPPORTED_ALGORITHM);
      assertInvalidToken(rsOnly.verifyToken(ed), DenialReason.UNSUPPORTED_ALGORITHM);
    }
  }

  @Test
  void b06KeyPinnedToAnotherAlgorithmIsNotUsed() {
    f.as.setJwks("{\"keys\":[" + TestKeys.jwkWith(TestKeys.K1, "\"alg\":\"RS256\"") + "]}");
    assertAuthorized(f.verifyToken(f.valid().build()));
    assertInvalidToken(
        f.verifyToken(f.valid().header("alg", "PS256").build()), DenialReason.NO_MATCHING_KEY);
  }

  @Test
  void b07UnknownKidIsRejectedAfterOneRefetch() {
    String token = f.valid().header("kid", "zzz").build();
    assertInvalidToken(f.verifyToken(token), DenialReason.NO_MATCHING_KEY);
    assertThat(f.as.hits("/as/jwks")).isEqualTo(1);
  }

  @Test
  void b08KidOfAnEcKeyWithRsaAlgorithmIsRejected() {
    String token = f.valid().header("kid", "ec1").build();
    assertInvalidToken(f.verifyToken(token), DenialReason.NO_MATCHING_KEY);
  }

  @Test
  void b09KeyMeantForEncryptionIsNotUsed() {
    f.as.setJwks("{\"keys\":[" + TestKeys.jwkWith(TestKeys.K1, "\"use\":\"enc\"") + "]}");
    assertInvalidToken(f.verifyToken(f.valid().build()), DenialReason.NO_MATCHING_KEY);
    f.close();
    try (Fixture other = new Fixture()) {
      other.as.setJwks(
          "{\"keys\":[" + TestKeys.jwkWith(TestKeys.K1, "\"key_ops\":[\"encrypt\"]") + "]}");
      assertInvalidToken(other.verifyToken(other.valid().build()), DenialReason.NO_MATCHING_KEY);
    }
  }

  @Test
  void b10KidInjectionIsAnOpaqueLookupKey() {
    for (String kid : new String[] {"../../dev/null", "' OR 1=1--", "x".repeat(4_000)}) {
      AuthResult result = f.verifyToken(f.valid().header("kid", kid).build());
      assertInvalidToken(result, DenialReason.NO_MATCHING_KEY);
    }
    // A 10 KB kid makes the header longer than the default cap: refused before decoding.
    assertInvalidToken(
        f.verifyToken(f.valid().header("kid", "x".repeat(10_000)).build()),
        DenialReason.HEADER_TOO_LONG);
    assertInvalidToken(
        f.verifyToken(f.valid().header("kid", 7).build()), DenialReason.MALFORMED_TOKEN);
    assertInvalidToken(
        f.verifyToken(f.valid().header("kid", java.util.Map.of("a", 1)).build()),
        DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void b11JkuIsNeverFetched() {
    try (FakeAuthorizationServer attacker = new FakeAuthorizationServer()) {
      attacker.setJwks(TestKeys.jwks(TestKeys.ATTACKER));
      String token =
          f.valid().header("jku", attacker.jwksUri()).signWith(TestKeys.ATTACKER).build();
      assertInvalidToken(f.verifyToken(token), DenialReason.INVALID_SIGNATURE);
      assertThat(attacker.totalHits()).isZero();
    }
  }

  @Test
  void b12X5uIsNeverFetched() {
    try (FakeAuthorizationServer attacker = new FakeAuthorizationServer()) {
      String token =
          f.valid().header("x5u", attacker.url("/cert.pem")).signWith(TestKeys.ATTACKER).build();
      assertInvalidToken(f.verifyToken(token), DenialReason.INVALID_SIGNATURE);
      assertThat(attacker.totalHits()).isZero();
    }
  }

  @Test
  void b13EmbeddedJwkIsNeverTrusted() {
    com.google.gson.JsonObject jwk =
        com.google.gson.JsonParser.parseString(
                TestKeys.ATTACKER.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
            .getAsJsonObject();
    String token =
        f.valid()
            .header("jwk", new com.google.gson.Gson().fromJson(jwk, java.util.Map.class))
            .signWith(TestKeys.ATTACKER)
            .build();
    assertInvalidToken(f.verifyToken(token), DenialReason.INVALID_SIGNATURE);
  }

  @Test
  void b14EmbeddedX5cIsNeverTrusted() {
    String token =
        f.valid()
            .header("x5c", java.util.List.of("MIIBattackerCert"))
            .signWith(TestKeys.ATTACKER)
            .build();
    assertInvalidToken(f.verifyToken(token), DenialReason.INVALID_SIGNATURE);
  }

  @Test
  void b15UnknownCritIsRejected() {
    String token = f.valid().header("crit", java.util.List.of("foo")).header("foo", 1).build();
    assertInvalidToken(f.verifyToken(token), DenialReason.UNSUPPORTED_HEADER);
  }

  @Test
  void b16EmptyOrRegisteredCritIsRejected() {
    for (Object crit :
        new Object[] {java.util.List.of(), java.util.List.of("exp"), java.util.List.of("alg")}) {
      assertInvalidToken(
          f.verifyToken(f.valid().header("crit", crit).build()), DenialReason.UNSUPPORTED_HEADER);
    }
  }

  @Test
  void b17UnencodedPayloadIsRejected() {
    String token = f.valid().header("b64", false).header("crit", java.util.List.of("b64")).build();
    assertInvalidToken(f.verifyToken(token), DenialReason.UNSUPPORTED_HEADER);
  }

  @Test
  void b18PsychicSignatureIsRejected() {
    Tokens.Builder t = f.valid().header("alg", "ES256").header("kid", "ec1");
    String token = unsigned(t.headerJson(), t.claimsJson(), Tokens.b64(new byte[64]));
    assertInvalidToken(f.verifyToken(token), DenialReason.INVALID_SIGNATURE);
  }

  @Test
  void b19DerEncodedEcdsaSignatureIsRejected() {
    String good =
        f.valid().header("alg", "ES256").header("kid", "ec1").signWith(TestKeys.EC1).build();
    assertAuthorized(f.verifyToken(good));
    String der =
        f.valid()
            .header("alg", "ES256")
            .header("kid", "ec1")
            .signWith(TestKeys.EC1)
            .signAs("ES256-DER")
            .build();
    assertInvalidToken(f.verifyToken(der), DenialReason.INVALID_SIGNATURE);
  }

  @Test
  void b20StrippedSignatureIsRejected() {
    String token = f.valid().build();
    assertInvalidToken(
        f.verifyToken(token.substring(0, token.lastIndexOf('.') + 1)),
        DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void b21TransplantedSignatureIsRejected() {
    String token = f.valid().build();
    String forged = f.valid().claim("scope", "mcp:read mcp:write").build();
    String transplanted =
        forged.substring(0, forged.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
    assertInvalidToken(f.verifyToken(transplanted), DenialReason.INVALID_SIGNATURE);
  }

  @Test
  void b22RsaKeyUnder2048BitsIsIgnored() {
    f.as.setJwks(TestKeys.jwks(TestKeys.WEAK));
    String token = f.valid().header("kid", "k512").signWith(TestKeys.WEAK).build();
    assertInvalidToken(f.verifyToken(token), DenialReason.NO_MATCHING_KEY);
  }

  @Test
  void b23TypOfOtherKindsIsRejectedAndJwtOnlyWithoutTheProfile() {
    assertAuthorized(f.verifyToken(f.valid().header("typ", "JWT").build()));
    assertAuthorized(f.verifyToken(f.valid().withoutHeader("typ").build()));
    try (Fixture strict =
        new Fixture(TokenPolicy.Builder::requireAccessTokenProfile, Clock.systemUTC())) {
      assertInvalidToken(
          strict.verifyToken(strict.valid().header("typ", "JWT").build()),
          DenialReason.UNSUPPORTED_TOKEN_TYPE);
      assertInvalidToken(
          strict.verifyToken(strict.valid().withoutHeader("typ").build()),
          DenialReason.UNSUPPORTED_TOKEN_TYPE);
      assertAuthorized(strict.verifyToken(strict.valid().build()));
    }
  }

  @Test
  void b24TypComparesAsMediaType() {
    assertAuthorized(f.verifyToken(f.valid().header("typ", "AT+JWT").build()));
    assertAuthorized(f.verifyToken(f.valid().header("typ", "application/at+jwt").build()));
  }

  @Test
  void b25DpopProofAndLogoutTokenAreNotAccessTokens() {
    assertInvalidToken(
        f.verifyToken(f.valid().header("typ", "dpop+jwt").build()),
        DenialReason.UNSUPPORTED_TOKEN_TYPE);
    assertInvalidToken(
        f.verifyToken(f.valid().header("typ", "logout+jwt").build()),
        DenialReason.UNSUPPORTED_TOKEN_TYPE);
  }

  @Test
  void b26NestedJwtIsRejected() {
    assertInvalidToken(
        f.verifyToken(f.valid().header("cty", "JWT").build()), DenialReason.UNSUPPORTED_HEADER);
  }

  @Test
  void b27CompactJweIsRejected() {
    String jwe = Tokens.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".AAAA.AAAA.AAAA.AAAA";
    assertInvalidToken(f.verifyToken(jwe), DenialReason.MALFORMED_TOKEN);
    assertInvalidToken(
        f.verifyToken(f.valid().header("enc", "A256GCM").build()), DenialReason.UNSUPPORTED_HEADER);
  }

  @Test
  void b28DuplicateHeaderMembersAreRejected() {
    Tokens.Builder t = f.valid();
    String header = "{\"alg\":\"none\",\"kid\":\"k1\",\"alg\":\"RS256\"}";
    String token = Tokens.sign(header, t.claimsJson(), TestKeys.K1.getPrivateKey(), "RS256");
    assertInvalidToken(f.verifyToken(token), DenialReason.MALFORMED_TOKEN);
  }

  @Test
  void everySupportedAlgorithmVerifiesWithItsKey() {
    assertAuthorized(f.verifyToken(f.valid().header("alg", "RS384").build()));
    assertAuthorized(f.verifyToken(f.valid().header("alg", "RS512").build()));
    assertAuthorized(f.verifyToken(f.valid().header("alg", "PS256").build()));
    assertAuthorized(
        f.verifyToken(
            f.valid().header("alg", "EdDSA").header("kid", "ed1").signWith(TestKeys.ED1).build()));
  }

  @Test
  void tokenWithoutKidIsTriedAgainstKeysOfItsAlgorithm() {
    assertAuthorized(f.verifyToken(f.valid().withoutHeader("kid").build()));
  }
}
