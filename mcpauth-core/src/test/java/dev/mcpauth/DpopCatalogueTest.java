package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

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
  private static final String ALGS = "RS256 PS256 ES256 EdDSA";

  private Fixture f = new Fixture(b -> b.dpop(DpopSettings.DEFAULTS), Clock.systemUTC());

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
    assertThat(d.wwwAuthenticate().orElseThrow()).isEqualTo("Bearer resource_metadata=\"" + Fixture.PRM + "\", "
        + "DPoP error=\"invalid_dpop_proof\", error_description=\"The DPoP proof is invalid.\", algs=\"" + ALGS
        + "\", resource_metadata=\"" + Fixture.PRM + "\"");
  }

  @Test
  void boundTokenWithAValidProofIsAuthorized() {
    String token = boundToken();
    AuthInfo info = assertAuthorized(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()));
    assertThat(info.confirmation()).hasValueSatisfying(c -> assertThat(c.get("jkt")).isEqualTo(DpopProofs.jkt(CLIENT)));
  }

  @Test
  void i01NoCredentialsAdvertisesBothSchemes() {
    AuthResult.Denied d = assertDenied(f.auth.verify(RequestHeaders.empty().withRequestLine("POST", "/mcp")), 401);
    assertThat(d.wwwAuthenticate()).contains("Bearer resource_metadata=\"" + Fixture.PRM + "\", scope=\"mcp:read\", "
        + "DPoP algs=\"" + ALGS + "\", resource_metadata=\"" + Fixture.PRM + "\"");
    assertThat(d.headers()).containsEntry("Access-Control-Expose-Headers", "WWW-Authenticate, DPoP-Nonce");
  }

  @Test
  void i02MissingProofIsInvalid() {
    assertInvalidProof(send("DPoP " + boundToken()));
  }

  @Test
  void i03TwoProofsAreAmbiguous() {
    String token = boundToken();
    assertDenied(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).build(),
        DpopProofs.proof(CLIENT, "POST", HTU, token).build()), 400);
  }

  @Test
  void i04AthForAnotherTokenIsInvalid() {
    String token = boundToken();
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, "another-token").build()));
  }

  @Test
  void i05ProofKeyThatIsNotTheBoundKeyIsInvalidToken() {
    String token = boundToken();
    AuthResult.Denied d = assertDenied(send("DPoP " + token, DpopProofs.proof(OTHER, "POST", HTU, token).build()), 401);
    assertThat(d.wwwAuthenticate().orElseThrow()).contains("DPoP error=\"invalid_token\"");
    String unbound = f.valid().build();
    assertDenied(send("DPoP " + unbound, DpopProofs.proof(CLIENT, "POST", HTU, unbound).build()), 401);
  }

  @Test
  void i06MethodAndUrlMustMatch() {
    String token = boundToken();
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "GET", HTU, token).build()));
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", "https://other.test/mcp", token).build()));
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU + "?x=1", token).build()));
    assertAuthorized(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", "HTTPS://MCP.TEST:443/mcp", token).build()));
  }

  @Test
  void i07IatOutsideFiveMinutesIsInvalid() {
    String token = boundToken();
    long now = System.currentTimeMillis() / 1000;
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).claim("iat", now - 600).build()));
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).claim("iat", now + 600).build()));
  }

  @Test
  void i08ReplayedProofIsRefusedWithTheReplayCache() {
    f.close();
    f = new Fixture(b -> b.dpop(DpopSettings.DEFAULTS.withReplayCache()), Clock.systemUTC());
    String token = boundToken();
    String proof = DpopProofs.proof(CLIENT, "POST", HTU, token).build();
    assertAuthorized(send("DPoP " + token, proof));
    assertInvalidProof(send("DPoP " + token, proof));
  }

  @Test
  void i09BadTypAlgOrPrivateKeyIsInvalid() {
    String token = boundToken();
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).header("typ", "JWT").build()));
    Map<String, Object> privateJwk = new com.google.gson.Gson().fromJson(
        CLIENT.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), Map.class);
    assertInvalidProof(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).header("jwk", privateJwk).build()));
    DpopProofs.Builder none = DpopProofs.proof(CLIENT, "POST", HTU, token).header("alg", "none");
    String unsigned = Tokens.b64(new com.google.gson.Gson().toJson(none.header)) + "."
        + Tokens.b64(new com.google.gson.Gson().toJson(none.claims)) + ".AAAA";
    assertInvalidProof(send("DPoP " + token, unsigned));
  }

  @Test
  void i10NonceRequiredThenAccepted() {
    f.close();
    f = new Fixture(b -> b.dpop(DpopSettings.DEFAULTS.withNonces()), Clock.systemUTC());
    String token = boundToken();
    AuthResult.Denied d = assertDenied(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()), 401);
    assertThat(d.wwwAuthenticate().orElseThrow()).contains("DPoP error=\"use_dpop_nonce\"");
    String nonce = d.headers().get("DPoP-Nonce");
    assertThat(nonce).isNotBlank();
    assertAuthorized(send("DPoP " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).claim("nonce", nonce).build()));
  }

  @Test
  void boundTokenAsBearerAndBearerWithAProofAreRefused() {
    String token = boundToken();
    assertDenied(send("Bearer " + token), 401);
    assertDenied(send("Bearer " + token, DpopProofs.proof(CLIENT, "POST", HTU, token).build()), 400);
  }

  @Test
  void requiredDpopRefusesBearer() {
    f.close();
    f = new Fixture(b -> b.dpop(DpopSettings.DEFAULTS.requiredForEveryToken()), Clock.systemUTC());
    AuthResult.Denied d = assertDenied(send("Bearer " + f.valid().build()), 401);
    assertThat(d.wwwAuthenticate().orElseThrow()).startsWith("DPoP error=\"invalid_token\"")
        .contains(TokenFailure.DPOP_REQUIRED.description());
  }
}
