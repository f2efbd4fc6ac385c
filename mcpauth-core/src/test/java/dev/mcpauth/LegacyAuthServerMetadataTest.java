package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.testing.FakeAuthorizationServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opt-in MCP 2025-03-26 compatibility route. */
class LegacyAuthServerMetadataTest {
  private final FakeAuthorizationServer as = new FakeAuthorizationServer();

  @AfterEach
  void close() {
    as.close();
  }

  private McpAuth withLegacyRoute() {
    return McpAuth.builder()
        .protectedResource(
            ResourceServerConfig.builder("https://mcp.test/mcp")
                .authorizationServer(
                    AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                .build())
        .serveLegacyAuthorizationServerMetadata(as.issuer())
        .build();
  }

  @Test
  void aMisconfiguredDiscoveryAnswers500NotRetryLater() throws InterruptedException {
    try (McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.test/mcp")
                    .authorizationServer(
                        AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OAUTH))
                    .build())
            .serveLegacyAuthorizationServerMetadata(as.issuer())
            .build()) {
      HttpResponse r =
          mcpAuth.metadataFor("GET", "/.well-known/oauth-authorization-server").orElseThrow();
      for (int i = 0; i < 500 && r.status() == 503; i++) { // at most 10 s
        Thread.sleep(20);
        r = mcpAuth.metadataFor("GET", "/.well-known/oauth-authorization-server").orElseThrow();
      }
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.headers()).doesNotContainKey("Retry-After");
      assertThat(r.body()).contains("\"error\":\"server_error\"");
    }
  }

  @Test
  void servesTheTrustedServersMetadataWithUnknownMembersOnceDiscovered()
      throws InterruptedException {
    try (McpAuth mcpAuth = withLegacyRoute()) {
      HttpResponse first =
          mcpAuth.metadataFor("GET", "/.well-known/oauth-authorization-server").orElseThrow();
      assertThat(first.status()).isIn(200, 503); // 503 until the background discovery has answered
      HttpResponse r = first;
      for (int i = 0; i < 500 && r.status() == 503; i++) { // at most 10 s
        assertThat(r.headers()).containsEntry("Retry-After", "2");
        Thread.sleep(20);
        r = mcpAuth.metadataFor("GET", "/.well-known/oauth-authorization-server").orElseThrow();
      }
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body())
          .contains("\"issuer\":\"" + as.issuer() + "\"")
          .contains("\"x_vendor_extension\":{\"a\":1}");
      assertThat(r.headers())
          .containsEntry("Access-Control-Allow-Origin", "*")
          .containsKey("Cache-Control");
      assertThat(
              mcpAuth
                  .metadataFor("HEAD", "/.well-known/oauth-authorization-server")
                  .orElseThrow()
                  .body())
          .isEmpty();
      assertThat(
              mcpAuth
                  .metadataFor("POST", "/.well-known/oauth-authorization-server")
                  .orElseThrow()
                  .status())
          .isEqualTo(405);
      assertThat(mcpAuth.metadataPaths()).contains("/.well-known/oauth-authorization-server");
    }
  }

  @Test
  void isOffByDefaultAndMustNameATrustedServer() {
    try (McpAuth plain =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.test/mcp")
                    .authorizationServer(
                        AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                    .build())
            .build()) {
      assertThat(plain.metadataFor("GET", "/.well-known/oauth-authorization-server")).isEmpty();
    }
    assertThatThrownBy(
            () ->
                McpAuth.builder()
                    .protectedResource(
                        ResourceServerConfig.builder("https://mcp.test/mcp")
                            .authorizationServer(
                                AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                            .build())
                    .serveLegacyAuthorizationServerMetadata("https://other.example")
                    .build())
        .hasMessageContaining("names no configured authorization server");
  }
}
