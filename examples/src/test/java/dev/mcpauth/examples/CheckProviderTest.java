package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** check-provider against a real development provider and deliberately broken metadata. */
class CheckProviderTest {

  private static String[] run(String issuer, String type) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status =
        CheckProvider.run(issuer, type, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new String[] {String.valueOf(status), bytes.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void aRealProviderIsUsableAndEveryFindingIsPrintedWithItsCode() throws Exception {
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, "http://localhost:1/mcp")) {
      String[] result = run(as.issuer(), "auto");
      assertThat(result[0]).isEqualTo("0");
      assertThat(result[1])
          .contains(
              "OK      code_response_type_supported",
              "OK      pkce_supported",
              "OK      s256_code_challenge_method_supported",
              "OK      dynamic_registration_supported",
              "OK      client_id_metadata_document_supported",
              "jwks_uri: " + as.issuer() + "/jwks",
              "PKCE S256: yes",
              "Result: this provider can serve MCP clients, with their default settings: they"
                  + " register themselves (dynamic client registration and client ID metadata"
                  + " documents).");
    }
  }

  @Test
  void aProviderWithoutRegistrationIsUsableOnlyByPreRegisteredClients() {
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      as.respond(
          path ->
              FakeAuthorizationServer.json(
                  200,
                  as.metadataJson(as.issuer())
                      .replace("\"registration_endpoint\":\"" + as.issuer() + "/register\",", "")));
      String[] result = run(as.issuer(), "oidc");
      assertThat(result[0]).isEqualTo("0");
      assertThat(result[1])
          .contains(
              "WARNING dynamic_registration_not_supported",
              "Result: this provider can serve MCP clients, but only pre-registered ones: it offers"
                  + " neither dynamic client registration nor client ID metadata documents");
    }
  }

  @Test
  void aProviderWithRegistrationIsUsableByClientsWithDefaultSettings() {
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      as.respond(path -> FakeAuthorizationServer.json(200, as.metadataJson(as.issuer())));
      String[] result = run(as.issuer(), "oidc");
      assertThat(result[1])
          .contains(
              "Result: this provider can serve MCP clients, with their default settings: they"
                  + " register themselves (dynamic client registration).");
    }
  }

  @Test
  void brokenMetadataIsNotUsable() {
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      as.respond(
          path ->
              FakeAuthorizationServer.json(
                  200,
                  as.metadataJson(as.issuer())
                      .replace("\"code_challenge_methods_supported\":[\"S256\"],", "")));
      String[] result = run(as.issuer(), "oidc");
      assertThat(result[0]).isEqualTo("1");
      assertThat(result[1]).contains("ERROR   pkce_not_supported", "cannot serve MCP clients");
    }
  }

  @Test
  void issuerMismatchAndUnreachableProvidersAreReported() {
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      as.respond(
          path ->
              FakeAuthorizationServer.json(200, as.metadataJson("https://someone-else.example")));
      String[] mismatch = run(as.issuer(), "oidc");
      assertThat(mismatch[0]).isEqualTo("2");
      assertThat(mismatch[1]).contains("issuer_mismatch");
    }
    String[] down = run("http://127.0.0.1:9/nothing", "oidc");
    assertThat(down[0]).isEqualTo("2");
    assertThat(down[1]).contains("fetch_server_config_error");
  }
}
