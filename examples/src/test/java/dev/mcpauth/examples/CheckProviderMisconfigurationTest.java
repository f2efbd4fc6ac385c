package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** check-provider on the mistakes a user makes: each answer names the fix, once. */
class CheckProviderMisconfigurationTest {

  private static String[] run(String issuer, String type) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status =
        CheckProvider.run(issuer, type, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new String[] {String.valueOf(status), bytes.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void theErrorCodeIsPrintedOnce() {
    String[] down = run("http://127.0.0.1:9/nothing", "oidc");
    assertThat(down[0]).isEqualTo("2");
    assertThat(down[1])
        .contains("  ERROR   fetch_server_config_error: GET http://127.0.0.1:9/nothing/")
        .doesNotContain("fetch_server_config_error: fetch_server_config_error");
  }

  @Test
  void aTypoInTheEmbeddedServersIssuerIsNotAProvider() throws Exception {
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, "http://localhost:1/mcp")) {
      String typo = as.issuer().replace("/" + DevAuthorizationServer.ISSUER_ID, "/dve");
      for (String type : new String[] {"oidc", "oauth", "auto"}) {
        String[] result = run(typo, type);
        assertThat(result[0]).as(type).isEqualTo("2");
        assertThat(result[1])
            .as(type)
            .contains("answered HTTP 404")
            .doesNotContain("can serve MCP clients");
      }
      assertThat(run(typo, "oidc")[1]).contains("either: check the issuer");
    }
  }

  @Test
  void typeOauthAgainstAnOpenIdOnlyIssuerNamesTheFix() throws Exception {
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, "http://localhost:1/mcp")) {
      String[] result = run(as.issuer(), "oauth");
      assertThat(result[0]).isEqualTo("2");
      assertThat(result[1])
          .contains("this issuer serves OpenID discovery", "use type oidc or auto");
      assertThat(run(as.issuer(), "oidc")[0]).isEqualTo("0");
    }
  }
}
