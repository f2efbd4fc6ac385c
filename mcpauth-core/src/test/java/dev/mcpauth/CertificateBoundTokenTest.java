package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.testing.SelfSignedCertificates;
import dev.mcpauth.testing.SelfSignedCertificates.Identity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 8705 certificate-bound access tokens through the core: a token whose {@code cnf} has {@code
 * x5t#S256} is accepted only with that exact client certificate, refused otherwise, and refused
 * outright unless the resource turned the feature on; the metadata flag follows the feature.
 */
class CertificateBoundTokenTest {
  private static Identity alice;
  private static Identity mallory;
  private Fixture f;

  @BeforeAll
  static void certificates() {
    alice = SelfSignedCertificates.create("alice");
    mallory = SelfSignedCertificates.create("mallory");
  }

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  private Fixture fixture(UnaryOperator<ResourceServerConfig.Builder> resource) {
    f =
        new Fixture(
            (r, as) -> resource.apply(r),
            UnaryOperator.identity(),
            Clock.systemUTC(),
            JwksSettings.defaults());
    return f;
  }

  private AuthResult verify(String token, Identity certificate, Map<String, String> more) {
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    headers.put("Authorization", List.of("Bearer " + token));
    more.forEach((k, v) -> headers.put(k, List.of(v)));
    RequestHeaders request = RequestHeaders.of(headers);
    if (certificate != null) {
      request = request.withClientCertificate(certificate.certificate());
    }
    return f.auth.verify(request);
  }

  private String boundTo(Identity certificate) {
    return f.valid().claim("cnf", Map.of("x5t#S256", certificate.thumbprint())).build();
  }

  private static void assertRefused(AuthResult result, String detail) {
    assertThat(result).isInstanceOf(AuthResult.Denied.class);
    AuthResult.Denied denied = (AuthResult.Denied) result;
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.reason()).isEqualTo(DenialReason.BINDING_MISMATCH);
    assertThat(denied.wwwAuthenticate().orElseThrow()).startsWith("Bearer error=\"invalid_token\"");
    assertThat(denied.body()).contains(detail);
  }

  @Test
  void aBoundTokenWithItsCertificateIsAccepted() {
    fixture(r -> r.tlsClientCertificateBoundAccessTokens(true).tokenPolicy(details()));
    AuthInfo who = assertAuthorized(verify(boundTo(alice), alice, Map.of()));
    assertThat(who.confirmation().orElseThrow()).containsEntry("x5t#S256", alice.thumbprint());
  }

  @Test
  void aBoundTokenWithAnotherCertificateIsRefused() {
    fixture(r -> r.tlsClientCertificateBoundAccessTokens(true).tokenPolicy(details()));
    assertRefused(
        verify(boundTo(alice), mallory, Map.of()), "does not match the client certificate");
  }

  @Test
  void aBoundTokenWithoutACertificateIsRefused() {
    fixture(r -> r.tlsClientCertificateBoundAccessTokens(true).tokenPolicy(details()));
    assertRefused(verify(boundTo(alice), null, Map.of()), "none was presented");
  }

  @Test
  void aBoundTokenIsRefusedWhenTheFeatureIsOffEvenWithItsCertificate() {
    fixture(r -> r.tokenPolicy(details()));
    assertRefused(verify(boundTo(alice), alice, Map.of()), "unsupported confirmation method");
  }

  @Test
  void anUnboundTokenStillWorksWithOrWithoutACertificate() {
    fixture(r -> r.tlsClientCertificateBoundAccessTokens(true));
    assertAuthorized(verify(f.valid().build(), alice, Map.of()));
    assertAuthorized(verify(f.valid().build(), null, Map.of()));
  }

  @Test
  void aNonStringThumbprintIsRefused() {
    fixture(r -> r.tlsClientCertificateBoundAccessTokens(true).tokenPolicy(details()));
    String token = f.valid().claim("cnf", Map.of("x5t#S256", 42)).build();
    assertRefused(verify(token, alice, Map.of()), "unsupported confirmation method");
  }

  @Test
  void aForwardedCertificateIsReadOnlyFromTheConfiguredHeader() {
    String header = "X-Client-Cert";
    String escapedPem = URLEncoder.encode(alice.pem(), StandardCharsets.UTF_8);
    fixture(r -> r.tlsClientCertificateBoundAccessTokens(true).tokenPolicy(details()));
    assertRefused(verify(boundTo(alice), null, Map.of(header, escapedPem)), "none was presented");
    close();
    fixture(
        r ->
            r.tlsClientCertificateBoundAccessTokens(true)
                .forwardedClientCertificateHeader(header)
                .tokenPolicy(details()));
    assertAuthorized(verify(boundTo(alice), null, Map.of(header, escapedPem)));
    assertRefused(verify(boundTo(alice), null, Map.of(header, "garbage%%")), "none was presented");
    // the handshake's certificate wins over a forwarded one
    assertRefused(
        verify(boundTo(alice), mallory, Map.of(header, escapedPem)),
        "does not match the client certificate");
  }

  @Test
  void theMetadataFlagFollowsTheFeature() {
    fixture(r -> r.tlsClientCertificateBoundAccessTokens(true));
    assertThat(
            f.mcpAuth.metadataFor("/.well-known/oauth-protected-resource/mcp").orElseThrow().body())
        .contains("\"tls_client_certificate_bound_access_tokens\":true");
    close();
    fixture(UnaryOperator.identity());
    assertThat(
            f.mcpAuth.metadataFor("/.well-known/oauth-protected-resource/mcp").orElseThrow().body())
        .doesNotContain("tls_client_certificate_bound_access_tokens");
  }

  @Test
  void aForwardedHeaderWithoutTheFeatureIsAConfigurationError() {
    assertThatThrownBy(() -> fixture(r -> r.forwardedClientCertificateHeader("X-Client-Cert")))
        .isInstanceOf(McpAuthConfigException.class)
        .hasMessageContaining("tlsClientCertificateBoundAccessTokens");
  }

  @Test
  void aTokenBoundToBothAKeyAndACertificateNeedsTheProofAndTheCertificate() {
    org.jose4j.jwk.PublicJsonWebKey key = dev.mcpauth.testing.TestKeys.ec("client");
    fixture(
        r ->
            r.tlsClientCertificateBoundAccessTokens(true)
                .tokenPolicy(
                    TokenPolicy.builder()
                        .dpop(DpopSettings.defaults())
                        .showErrorDetails(true)
                        .build()));
    String token =
        f.valid()
            .claim(
                "cnf",
                Map.of(
                    "jkt", dev.mcpauth.testing.DpopProofs.jkt(key), "x5t#S256", alice.thumbprint()))
            .build();
    java.util.function.BiFunction<Identity, Boolean, AuthResult> send =
        (certificate, withProof) -> {
          Map<String, List<String>> headers = new java.util.HashMap<>();
          headers.put("Authorization", List.of((withProof ? "DPoP " : "Bearer ") + token));
          if (withProof) {
            headers.put(
                "DPoP",
                List.of(
                    dev.mcpauth.testing.DpopProofs.proof(key, "POST", Fixture.RESOURCE, token)
                        .build()));
          }
          RequestHeaders request = RequestHeaders.of(headers).withRequestLine("POST", "/mcp");
          return f.auth.verify(
              certificate == null
                  ? request
                  : request.withClientCertificate(certificate.certificate()));
        };
    assertAuthorized(send.apply(alice, true));
    assertThat(((AuthResult.Denied) send.apply(mallory, true)).status()).isEqualTo(401);
    assertThat(((AuthResult.Denied) send.apply(null, true)).status()).isEqualTo(401);
    assertThat(((AuthResult.Denied) send.apply(alice, false)).reason())
        .isEqualTo(DenialReason.BOUND_TOKEN_WITHOUT_PROOF);
  }

  private static TokenPolicy details() {
    return TokenPolicy.builder().showErrorDetails(true).build();
  }
}
