package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.DpopProofs;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** security.md §3.9 I: DPoP (RFC 9449) with real proofs. */
class DpopCatalogueTest {
  private static final String HTU = "https://mcp.test/mcp";
  private static final PublicJsonWebKey CLIENT = TestKeys.ec("client");
  private static final PublicJsonWebKey OTHER = TestKeys.ec("other");
  private static final String ALGS = "RS256 PS256 ES256 EdDSA Ed25519";

  private Fixture f = new Fixture(b -> b.dpop(DpopSettings.defaults()), Clock.systemUTC());

  @AfterEach
  void close() {
    f.close();
  }

  private String boundToken() {
    return f.valid().claim("cnf", Map.of("jkt", DpopProofs.jkt(CLIENT))).build();
  }

  private AuthResult send(String authorization, String... proofs) {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put("Authorization", List.of(authorization));
    if (proofs.length > 0) {
      headers.put("DPoP", List.of(proofs));
    }
    return f.auth.verify(RequestHeaders.of(headers).withRequestLine("POST", "/mcp"));
  }

  private static void assertInvalidProof(AuthResult result) {
    AuthResult.Denied d = assertDenied(result, 401);
    assertThat(d.wwwAuthenticate().orElseThrow())
        .matches(
            "Bearer resource_metadata=\""
                + java.util.regex.Pattern.quote(Fixture.PRM)
                + "\", DPoP error=\"invalid_dpop_proof\", error_description=\"The DPoP proof is invalid: [a-zA-Z0-9+ ,]+\\.\", algs=\""
                + ALGS
                + "\", resource_metadata=\""
                + java.util.regex.Pattern.quote(Fixture.PRM)
                + "\"");
  }

  @Test
  void theChallengeNamesTheRuleTheProofBroke() {
    String token = boundToken();
    AuthResult.Denied d =
        assertDenied(
            send("DPoP " + token, DpopProofs.proof(CLIENT, "GET", HTU, token).build()), 401);
    assertThat(d.wwwAuthenticate().orElseThrow())
        .contains(
            "error_description=\"The DPoP proof is invalid: htm does not match the request method.\"");
  }

  @Test
  void boundTokenWithAValidProofIsAuthorized() {
    String token = boundToken();
    AuthInfo info =
        assertAuthorized(
            send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()));
    assertThat(info.confirmation())
        .hasValueSatisfying(c -> assertThat(c.get("jkt")).isEqualTo(DpopProofs.jkt(CLIENT)));
  }

  @Test
  void i01NoCredentialsAdvertisesBothSchemes() {
    AuthResult.Denied d =
        assertDenied(f.auth.verify(RequestHeaders.empty().withRequestLine("POST", "/mcp")), 401);
    assertThat(d.wwwAuthenticate())
        .contains(
            "Bearer resource_metadata=\""
                + Fixture.PRM
                + "\", scope=\"mcp:read\", "
                + "DPoP algs=\""
                + ALGS
                + "\", resource_metadata=\""
                + Fixture.PRM
                + "\"");
    assertThat(d.headers())
        .containsEntry("Access-Control-Expose-Headers", "WWW-Authenticate, DPoP-Nonce");
  }

  @Test
  void i02MissingProofIsInvalid() {
    assertInvalidProof(send("DPoP " + boundToken()));
  }

  @Test
  void i03TwoProofsAreAmbiguous() {
    String token = boundToken();
    assertDenied(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", HTU, token).build(),
            DpopProofs.proof(CLIENT, "POST", HTU, token).build()),
        400);
  }

  @Test
  void i04AthForAnotherTokenIsInvalid() {
    String token = boundToken();
    assertInvalidProof(
        send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, "another-token").build()));
  }

  @Test
  void i05ProofKeyThatIsNotTheBoundKeyIsInvalidToken() {
    String token = boundToken();
    AuthResult.Denied d =
        assertDenied(
            send("DPoP " + token, DpopProofs.proof(OTHER, "POST", HTU, token).build()), 401);
    assertThat(d.wwwAuthenticate().orElseThrow()).contains("DPoP error=\"invalid_token\"");
    String unbound = f.valid().build();
    assertDenied(
        send("DPoP " + unbound, DpopProofs.proof(CLIENT, "POST", HTU, unbound).build()), 401);
  }

  @Test
  void i06MethodAndUrlMustMatch() {
    String token = boundToken();
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "GET", HTU, token).build()));
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", "https://other.test/mcp", token).build()));
    assertAuthorized(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", "HTTPS://MCP.TEST:443/mcp", token).build()));
  }

  @Test
  void htuIsComparedAfterNormalisingBothSides() {
    String token = boundToken();
    // RFC 9449 §4.3: query and fragment are ignored; RFC 3986 §6.2.2: case, default port,
    // percent-encoding.
    assertAuthorized(
        send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU + "?x=1", token).build()));
    assertAuthorized(
        send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU + "#frag", token).build()));
    assertAuthorized(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", "https://mcp.test/%6dcp", token).build()));
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", "https://mcp.test/MCP", token).build()));
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", "https://mcp.test:8443/mcp", token).build()));
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", "https://user@mcp.test/mcp", token).build()));
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", "http://mcp.test/mcp", token).build()));
    Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put("Authorization", List.of("DPoP " + token));
    headers.put("DPoP", List.of(DpopProofs.proof(CLIENT, "POST", HTU, token).build()));
    assertAuthorized(
        f.auth.verify(RequestHeaders.of(headers).withRequestLine("POST", "/%6Dcp?page=2")));
  }

  @Test
  void htmIsComparedExactly() {
    String token = boundToken();
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "post", HTU, token).build()));
  }

  @Test
  void aHugeIatIsRefusedNotWrapped() {
    String token = boundToken();
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", HTU, token)
                .claim(
                    "iat",
                    new java.math.BigInteger("18446744073709551616")
                        .add(java.math.BigInteger.valueOf(System.currentTimeMillis() / 1000)))
                .build()));
  }

  @Test
  void critIsRefused() {
    String token = boundToken();
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", HTU, token)
                .header("crit", List.of("x-unknown"))
                .header("x-unknown", true)
                .build()));
  }

  @Test
  void proofRsaKeysNeedTheUsualExponentAndASaneModulus() {
    java.math.BigInteger n =
        ((java.security.interfaces.RSAPublicKey) TestKeys.K1.getPublicKey()).getModulus();
    assertThat(proofKey(rsaJwk(n, java.math.BigInteger.valueOf(65537)))).isNotNull();
    assertThat(
            proofKey(
                rsaJwk(n, java.math.BigInteger.ONE.shiftLeft(2000).add(java.math.BigInteger.ONE))))
        .isNull();
    assertThat(proofKey(rsaJwk(n, java.math.BigInteger.valueOf(3)))).isNull();
    java.math.BigInteger big = n.shiftLeft(4096).or(java.math.BigInteger.ONE); // 6144 bits
    assertThat(proofKey(rsaJwk(big, java.math.BigInteger.valueOf(65537)))).isNull();
  }

  private static JwksKeySet.ProofKey proofKey(com.google.gson.JsonObject jwk) {
    return JwksKeySet.proofKey(
        jwk,
        new OutageLog(
            org.slf4j.LoggerFactory.getLogger(DpopCatalogueTest.class),
            Clock.systemUTC(),
            OutageLog.DEFAULT_INTERVAL));
  }

  private static com.google.gson.JsonObject rsaJwk(java.math.BigInteger n, java.math.BigInteger e) {
    com.google.gson.JsonObject jwk = new com.google.gson.JsonObject();
    jwk.addProperty("kty", "RSA");
    jwk.addProperty("n", Tokens.b64(unsigned(n)));
    jwk.addProperty("e", Tokens.b64(unsigned(e)));
    return jwk;
  }

  private static byte[] unsigned(java.math.BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  @Test
  void fullySpecifiedEd25519ProofsAreAccepted() {
    PublicJsonWebKey ed = TestKeys.ed("client-ed");
    String token = f.valid().claim("cnf", Map.of("jkt", DpopProofs.jkt(ed))).build();
    assertAuthorized(
        send(
            "DPoP " + token,
            DpopProofs.proof(ed, "POST", HTU, token).header("alg", "Ed25519").build()));
    assertAuthorized(
        send(
            "DPoP " + token,
            DpopProofs.proof(ed, "POST", HTU, token).header("alg", "EdDSA").build()));
  }

  @Test
  void aKeyMismatchSaysWhatWasWrongNotBearer() {
    String token = boundToken();
    AuthResult.Denied d =
        assertDenied(
            send("DPoP " + token, DpopProofs.proof(OTHER, "POST", HTU, token).build()), 401);
    assertThat(d.reason()).isEqualTo(DenialReason.BINDING_MISMATCH);
    assertThat(d.wwwAuthenticate().orElseThrow())
        .contains(DenialReason.BINDING_MISMATCH.description())
        .doesNotContain("Bearer token");
    String unbound = f.valid().build();
    AuthResult.Denied u =
        assertDenied(
            send("DPoP " + unbound, DpopProofs.proof(CLIENT, "POST", HTU, unbound).build()), 401);
    assertThat(u.reason()).isEqualTo(DenialReason.TOKEN_NOT_BOUND);
  }

  @Test
  void aProofIsRecordedOnlyAfterTheTokenAndItsBindingVerified() {
    f.close();
    f = new Fixture(b -> b.dpop(DpopSettings.builder().replayCheck().build()), Clock.systemUTC());
    String garbage = "garbage-token";
    String proof = DpopProofs.proof(CLIENT, "POST", HTU, garbage).build();
    assertDenied(send("DPoP " + garbage, proof), 401);
    assertDenied(send("DPoP " + garbage, proof), 401);
    String token = boundToken();
    String attackerProof = DpopProofs.proof(OTHER, "POST", HTU, token).build();
    assertThat(assertDenied(send("DPoP " + token, attackerProof), 401).reason())
        .isEqualTo(DenialReason.BINDING_MISMATCH);
    String good = DpopProofs.proof(CLIENT, "POST", HTU, token).build();
    AuthResult.Denied scope =
        assertDenied(
            f.auth.verify(
                RequestHeaders.of(
                        Map.of("Authorization", List.of("DPoP " + token), "DPoP", List.of(good)))
                    .withRequestLine("POST", "/mcp"),
                List.of("mcp:admin")),
            403);
    assertThat(scope.reason()).isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
    assertAuthorized(send("DPoP " + token, good)); // the 403 did not consume it
    assertThat(assertDenied(send("DPoP " + token, good), 401).reason())
        .isEqualTo(DenialReason.DPOP_PROOF_REPLAYED);
  }

  @Test
  void aFullReplayStoreRefusesWith503RatherThanForget() {
    MutableClock clock = MutableClock.atSystemTime();
    InMemorySingleUseStore store = new InMemorySingleUseStore(2, clock);
    assertThat(store.firstUse("a", clock.instant().plusSeconds(600))).isTrue();
    assertThat(store.firstUse("a", clock.instant().plusSeconds(600))).isFalse();
    assertThat(store.firstUse("b", clock.instant().plusSeconds(600))).isTrue();
    org.junit.jupiter.api.Assertions.assertThrows(
        StoreUnavailableException.class,
        () -> store.firstUse("c", clock.instant().plusSeconds(600)));
    clock.advance(java.time.Duration.ofSeconds(601));
    assertThat(store.firstUse("c", clock.instant().plusSeconds(600))).isTrue();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aNonceIssuedOnOneRouteIsAcceptedOnAnotherRouteOfTheResource() {
    f.close();
    f = new Fixture(b -> b.dpop(DpopSettings.builder().nonces().build()), Clock.systemUTC());
    BearerAuth notes = f.mcpAuth.bearerAuth("mcp:read");
    String token = boundToken();
    AuthResult.Denied d =
        assertDenied(
            send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()), 401);
    String nonce = d.headers().get("DPoP-Nonce");
    String notesProof =
        DpopProofs.proof(CLIENT, "GET", "https://mcp.test/notes", token)
            .claim("nonce", nonce)
            .build();
    assertAuthorized(
        notes.verify(
            RequestHeaders.of(
                    Map.of("Authorization", List.of("DPoP " + token), "DPoP", List.of(notesProof)))
                .withRequestLine("GET", "/notes")));
  }

  @Test
  void mixedModeAcceptsTheSameDpopTokenAsJwtMode() {
    try (Fixture mixed =
        new Fixture(
            (r, server) ->
                r.introspectOpaqueTokens(
                    Introspection.builder(server.issuer()).clientCredentials("x", "y").build()),
            p -> p.dpop(DpopSettings.defaults()),
            Clock.systemUTC(),
            JwksSettings.defaults())) {
      String token = mixed.valid().claim("cnf", Map.of("jkt", DpopProofs.jkt(CLIENT))).build();
      Map<String, List<String>> headers =
          Map.of(
              "Authorization",
              List.of("DPoP " + token),
              "DPoP",
              List.of(DpopProofs.proof(CLIENT, "POST", HTU, token).build()));
      assertAuthorized(
          mixed.auth.verify(RequestHeaders.of(headers).withRequestLine("POST", "/mcp")));
    }
  }

  @Test
  void i07IatOutsideFiveMinutesIsInvalid() {
    String token = boundToken();
    long now = System.currentTimeMillis() / 1000;
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", HTU, token).claim("iat", now - 600).build()));
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", HTU, token).claim("iat", now + 600).build()));
  }

  @Test
  void i08ReplayedProofIsRefusedWithTheReplayCache() {
    f.close();
    f = new Fixture(b -> b.dpop(DpopSettings.builder().replayCheck().build()), Clock.systemUTC());
    String token = boundToken();
    String proof = DpopProofs.proof(CLIENT, "POST", HTU, token).build();
    assertAuthorized(send("DPoP " + token, proof));
    AuthResult.Denied d = assertDenied(send("DPoP " + token, proof), 401);
    assertThat(d.reason()).isEqualTo(DenialReason.DPOP_PROOF_REPLAYED);
    assertThat(d.wwwAuthenticate().orElseThrow()).contains("DPoP error=\"invalid_dpop_proof\"");
  }

  @Test
  void i09BadTypAlgOrPrivateKeyIsInvalid() {
    String token = boundToken();
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", HTU, token).header("typ", "JWT").build()));
    Map<String, Object> privateJwk =
        new com.google.gson.Gson()
            .fromJson(
                CLIENT.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                Map.class);
    assertInvalidProof(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", HTU, token).header("jwk", privateJwk).build()));
    DpopProofs.Builder none = DpopProofs.proof(CLIENT, "POST", HTU, token).header("alg", "none");
    String unsigned =
        Tokens.b64(new com.google.gson.Gson().toJson(none.header))
            + "."
            + Tokens.b64(new com.google.gson.Gson().toJson(none.claims))
            + ".AAAA";
    assertInvalidProof(send("DPoP " + token, unsigned));
  }

  @Test
  void i10NonceRequiredThenAccepted() {
    f.close();
    f = new Fixture(b -> b.dpop(DpopSettings.builder().nonces().build()), Clock.systemUTC());
    String token = boundToken();
    AuthResult.Denied d =
        assertDenied(
            send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()), 401);
    assertThat(d.wwwAuthenticate().orElseThrow()).contains("DPoP error=\"use_dpop_nonce\"");
    String nonce = d.headers().get("DPoP-Nonce");
    assertThat(nonce).isNotBlank();
    assertAuthorized(
        send(
            "DPoP " + token,
            DpopProofs.proof(CLIENT, "POST", HTU, token).claim("nonce", nonce).build()));
  }

  @Test
  void boundTokenAsBearerAndBearerWithAProofAreRefused() {
    String token = boundToken();
    assertDenied(send("Bearer " + token), 401);
    assertDenied(
        send("Bearer " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()), 400);
  }

  @Test
  void requiredDpopRefusesBearer() {
    f.close();
    f =
        new Fixture(
            b -> b.dpop(DpopSettings.builder().requiredForEveryToken().build()), Clock.systemUTC());
    AuthResult.Denied d = assertDenied(send("Bearer " + f.valid().build()), 401);
    assertThat(d.wwwAuthenticate().orElseThrow())
        .startsWith("DPoP error=\"invalid_token\"")
        .contains(DenialReason.DPOP_REQUIRED.description());
  }

  @Test
  void aFullReplayStoreAnswers503ThroughThePipelineAndNeverAcceptsUnchecked() {
    MutableClock clock = MutableClock.atSystemTime();
    try (McpAuth auth =
        McpAuth.builder()
            .singleUseStore(new InMemorySingleUseStore(1, clock))
            .protectedResource(
                ResourceServerConfig.builder(Fixture.RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, f.as.metadata()))
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .dpop(DpopSettings.builder().replayCheck().build())
                            .build())
                    .build())
            .build()) {
      BearerAuth bound = auth.bearerAuth();
      String token = boundToken();
      assertAuthorized(
          bound.verify(request(token, DpopProofs.proof(CLIENT, "POST", HTU, token).build())));
      AuthResult.Denied full =
          assertDenied(
              bound.verify(request(token, DpopProofs.proof(CLIENT, "POST", HTU, token).build())),
              503);
      assertThat(full.reason()).isEqualTo(DenialReason.UNAVAILABLE);
      assertThat(full.headers()).containsKey("Retry-After");
    }
  }

  private static RequestHeaders request(String token, String proof) {
    return RequestHeaders.of(
            Map.of("Authorization", List.of("DPoP " + token), "DPoP", List.of(proof)))
        .withRequestLine("POST", "/mcp");
  }
}
