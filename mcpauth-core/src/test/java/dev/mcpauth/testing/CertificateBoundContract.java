package dev.mcpauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.testing.SelfSignedCertificates.Identity;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8705 over real mutual TLS on loopback, the same on every stack that terminates TLS: a
 * subclass starts, with the given {@link SSLContext} (client certificates requested, not required),
 * an HTTPS server on {@code 127.0.0.1:port} whose {@code GET /api} is protected by the only
 * resource of the given {@link McpAuth} ({@code https://127.0.0.1:<port>/api}, certificate-bound
 * tokens on) and answers {@code ok}. The adapter must hand the handshake's certificate to the core.
 */
public abstract class CertificateBoundContract {
  private static Identity server;
  private static Identity alice;
  private static Identity mallory;

  private FakeAuthorizationServer as;
  private McpAuth mcpAuth;
  private String base;

  /** Starts the HTTPS server on {@code port}. */
  protected abstract void start(int port, McpAuth mcpAuth, SSLContext tls) throws Exception;

  /** Stops it. */
  protected abstract void stop() throws Exception;

  @BeforeAll
  static void certificates() {
    server = SelfSignedCertificates.create("server");
    alice = SelfSignedCertificates.create("alice");
    mallory = SelfSignedCertificates.create("mallory");
  }

  @BeforeEach
  void startServer() throws Exception {
    as = new FakeAuthorizationServer();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    base = "https://127.0.0.1:" + port;
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(base + "/api")
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                    .tlsClientCertificateBoundAccessTokens(true)
                    .build())
            .build();
    start(port, mcpAuth, SelfSignedCertificates.context(server, alice, mallory));
  }

  @AfterEach
  void stopServer() throws Exception {
    stop();
    mcpAuth.close();
    as.close();
  }

  private HttpResponse<String> get(SSLContext client, String token) throws Exception {
    HttpClient http =
        HttpClient.newBuilder().sslContext(client).connectTimeout(Duration.ofSeconds(10)).build();
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/api"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String boundTo(Identity identity) {
    return Tokens.valid(as.issuer(), base + "/api")
        .claim("cnf", Map.of("x5t#S256", identity.thumbprint()))
        .build();
  }

  @Test
  void aBoundTokenIsAcceptedFromTheClientHoldingItsCertificate() throws Exception {
    HttpResponse<String> answer =
        get(SelfSignedCertificates.context(alice, server), boundTo(alice));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("ok");
  }

  @Test
  void aBoundTokenIsRefusedFromAClientWithAnotherCertificate() throws Exception {
    HttpResponse<String> answer =
        get(SelfSignedCertificates.context(mallory, server), boundTo(alice));
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"");
  }

  @Test
  void aBoundTokenIsRefusedFromAClientWithoutACertificate() throws Exception {
    HttpResponse<String> answer = get(SelfSignedCertificates.anonymous(server), boundTo(alice));
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"");
  }

  @Test
  void anUnboundTokenIsAcceptedWithOrWithoutACertificate() throws Exception {
    String token = Tokens.valid(as.issuer(), base + "/api").build();
    assertThat(get(SelfSignedCertificates.anonymous(server), token).statusCode()).isEqualTo(200);
    assertThat(get(SelfSignedCertificates.context(mallory, server), token).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theMetadataAdvertisesCertificateBoundTokens() throws Exception {
    assertThat(
            mcpAuth.metadataFor("/.well-known/oauth-protected-resource/api").orElseThrow().body())
        .contains("\"tls_client_certificate_bound_access_tokens\":true");
  }
}
