package dev.mcpauth.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server behind {@code e2e/dpop-interop}, without an authorization server: its command line, its
 * metadata and its challenges on both adapters. The DPoP flows themselves run against oidc-provider in
 * {@code e2e/dpop-interop/run.sh}.
 */
class DpopInteropServerTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void commandLineNeedsIssuerPortAndAKnownAdapter() {
    assertThat(DpopInteropServer.Options.parse(List.of("--issuer", "http://127.0.0.1:9", "--port", "8080",
        "--adapter", "undertow")))
        .isEqualTo(new DpopInteropServer.Options("http://127.0.0.1:9", 8080, "undertow"));
    assertThatThrownBy(() -> DpopInteropServer.Options.parse(List.of("--issuer", "http://127.0.0.1:9", "--port", "8080",
        "--adapter", "servlet"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DpopInteropServer.Options.parse(List.of("--issuer", "http://127.0.0.1:9", "--port")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
    assertThatThrownBy(() -> DpopInteropServer.Options.parse(List.of("--port", "8080", "--adapter", "javalin")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"javalin", "undertow"})
  void servesMetadataWithEd25519AndChallengesWithBothSchemes(String adapter) throws Exception {
    int port = freePort();
    String origin = "http://127.0.0.1:" + port;
    // The issuer is never contacted: no request here carries a token.
    try (DpopInteropServer server = DpopInteropServer.start("http://127.0.0.1:9", port, adapter)) {
      HttpResponse<String> metadata = get(origin + "/.well-known/oauth-protected-resource/nonced");
      assertThat(metadata.statusCode()).isEqualTo(200);
      assertThat(metadata.body()).contains("\"resource\":\"" + origin + "/nonced\"",
          "\"dpop_signing_alg_values_supported\":[\"RS256\",\"PS256\",\"ES256\",\"EdDSA\",\"Ed25519\"]");

      for (String route : List.of("/api/echo", "/nonced/a", "/nonced/b")) {
        HttpResponse<String> anonymous = get(origin + route);
        assertThat(anonymous.statusCode()).as(route).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).as(route)
            .startsWith("Bearer resource_metadata=")
            .contains(", DPoP algs=\"RS256 PS256 ES256 EdDSA Ed25519\"");
      }
      assertThat(get(origin + "/elsewhere").statusCode()).isEqualTo(404);
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
