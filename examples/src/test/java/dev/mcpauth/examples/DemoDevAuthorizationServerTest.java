package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's embedded development authorization server: its port, and what the banner says. */
class DemoDevAuthorizationServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theBannerSaysHowToGetAcrAndRolesAndThatClientsCanRegister() throws Exception {
    try (Demo demo =
        Demo.start(DemoOptions.parse(List.of("--port", String.valueOf(DemoTest.freePort()))))) {
      assertThat(demo.banner())
          .contains(
              "-d acr=mfa -d roles=notes-admin",
              "acr_values=mfa",
              "register themselves (dynamic client registration at\n  "
                  + demo.devServer().orElseThrow().registrationEndpoint(),
              "client-id metadata document");
    }
  }

  @Test
  void asPortFixesTheAuthorizationServersPortAndSoItsIssuer() throws Exception {
    int asPort = DemoTest.freePort();
    try (Demo demo =
        Demo.start(
            DemoOptions.parse(
                List.of(
                    "--port",
                    String.valueOf(DemoTest.freePort()),
                    "--as-port",
                    String.valueOf(asPort))))) {
      String issuer = "http://localhost:" + asPort + "/dev";
      assertThat(demo.devServer().orElseThrow().issuer()).isEqualTo(issuer);
      HttpResponse<String> prm =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:"
                              + demo.port()
                              + "/.well-known/oauth-protected-resource/mcp"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(prm.body()).contains("\"authorization_servers\":[\"" + issuer + "\"]");
      assertThat(demo.banner()).contains(issuer);
    }
  }

  @Test
  void aTakenAsPortIsNamedAsSuch() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      DemoOptions options =
          DemoOptions.parse(
              List.of(
                  "--port",
                  String.valueOf(DemoTest.freePort()),
                  "--as-port",
                  String.valueOf(taken.getLocalPort())));
      assertThatThrownBy(() -> Demo.start(options))
          .isInstanceOf(Demo.StartFailure.class)
          .hasMessage(
              "port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 (--as-port) is already in use: stop what listens there, or"
                  + " choose another with --as-port");
    }
  }

  @Test
  void asPortIsRefusedWhereItMeansNothing() {
    assertThat(DemoOptions.parse(List.of()).asPort()).isZero();
    assertThatThrownBy(
            () -> DemoOptions.parse(List.of("--issuer", "https://as.example", "--as-port", "9000")))
        .hasMessage(
            "--as-port is the port of the embedded authorization server; with --issuer there is none");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "9000", "--as-port", "9000")))
        .hasMessage("--as-port 9000 is the MCP server's port too: pick another one");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--as-port", "x")))
        .hasMessage("--as-port must be a number between 0 and 65535: x");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--as-port")))
        .hasMessageContaining("--as-port needs a value");
  }
}
