package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.SelfSignedCertificates;
import dev.mcpauth.testing.SelfSignedCertificates.Identity;
import dev.mcpauth.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * RFC 8705 over mutual TLS terminated by Spring Boot's server (Tomcat for WebMVC, Netty for
 * WebFlux), with {@code mcpauth.tls-client-certificate-bound-access-tokens=true}: a token bound to
 * a certificate is accepted at the MCP endpoint only from the client presenting it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MutualTlsCertificateBoundTest {
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private Identity server;
  private Identity alice;
  private Identity mallory;

  @BeforeAll
  void certificates() {
    server = SelfSignedCertificates.create("server");
    alice = SelfSignedCertificates.create("alice");
    mallory = SelfSignedCertificates.create("mallory");
  }

  @AfterAll
  void stop() {
    as.close();
  }

  private HttpResponse<String> initialize(String base, SSLContext client, String token)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(client)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/mcp"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void aBoundTokenIsAcceptedOnlyFromTheClientHoldingItsCertificate(String stack) throws Exception {
    int port = NotesApp.freePort();
    String base = "https://127.0.0.1:" + port;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
    p.put("mcpauth.resource", base + "/mcp");
    p.put("mcpauth.authorization-servers[0].issuer", as.issuer());
    p.put("mcpauth.tls-client-certificate-bound-access-tokens", "true");
    p.put("server.ssl.enabled", "true");
    p.put("server.ssl.key-store", "file:" + server.keyStore());
    p.put("server.ssl.key-store-password", new String(SelfSignedCertificates.PASSWORD));
    p.put("server.ssl.key-store-type", "PKCS12");
    p.put("server.ssl.key-alias", "key");
    p.put("server.ssl.client-auth", "want");
    p.put("server.ssl.trust-store", "file:" + SelfSignedCertificates.trustStore(alice, mallory));
    p.put("server.ssl.trust-store-password", new String(SelfSignedCertificates.PASSWORD));
    p.put("server.ssl.trust-store-type", "PKCS12");
    try (ConfigurableApplicationContext app = NotesApp.start(stack, port, p)) {
      String bound =
          Tokens.valid(as.issuer(), base + "/mcp")
              .claim("scope", "read:notes")
              .claim("cnf", Map.of("x5t#S256", alice.thumbprint()))
              .build();
      assertThat(
              initialize(base, SelfSignedCertificates.context(alice, server), bound).statusCode())
          .isEqualTo(200);
      HttpResponse<String> other =
          initialize(base, SelfSignedCertificates.context(mallory, server), bound);
      assertThat(other.statusCode()).isEqualTo(401);
      assertThat(other.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer error=\"invalid_token\"");
      assertThat(initialize(base, SelfSignedCertificates.anonymous(server), bound).statusCode())
          .isEqualTo(401);
      HttpResponse<String> metadata =
          HttpClient.newBuilder()
              .sslContext(SelfSignedCertificates.anonymous(server))
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(base + "/.well-known/oauth-protected-resource/mcp"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(metadata.body()).contains("\"tls_client_certificate_bound_access_tokens\":true");
    }
  }
}
