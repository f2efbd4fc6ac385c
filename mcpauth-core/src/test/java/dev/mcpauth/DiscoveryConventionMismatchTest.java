package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpauth.testing.FakeAuthorizationServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * A 404/405 at the chosen convention's well-known URL is a configuration error: the message names
 * the fix (found by probing the other convention's URL once), it is logged once, and it is told
 * apart from an outage.
 */
class DiscoveryConventionMismatchTest {
  private final AuthServerDiscovery discovery =
      AuthServerDiscovery.create(
          new OkHttpClient(),
          FetchLimits.builder()
              .connectTimeout(Duration.ofSeconds(1))
              .callTimeout(Duration.ofSeconds(2))
              .build());

  @Test
  void typeOauthAgainstAnOidcOnlyServerNamesTheFixOnceAndProbesOnce() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (int i = 0; i < 3; i++) {
        McpAuthConfigException e =
            catchThrowableOfType(
                McpAuthConfigException.class,
                () -> discovery.fetch(as.issuer(), AuthServerConfig.Type.OAUTH));
        assertThat(e.getMessage())
            .contains(
                "GET "
                    + as.url("/.well-known/oauth-authorization-server/as")
                    + " answered HTTP 404",
                "this issuer serves OpenID discovery",
                "use type oidc or auto");
        assertThat(AuthServerDiscovery.notServed(e))
            .get()
            .extracting(DiscoveryNotServed::servedType)
            .isEqualTo(Optional.of(AuthServerConfig.Type.OIDC));
      }
      assertThat(as.hits("/.well-known/oauth-authorization-server/as")).isEqualTo(3);
      assertThat(as.hits("/as/.well-known/openid-configuration")).isEqualTo(1);
      System.err.flush();
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log.split(Pattern.quote("use type oidc or auto"), -1)).hasSize(2);
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void typeOidcAgainstAnOauthOnlyServerNamesTheOtherFix() {
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      as.respond(
          path ->
              path.equals("/.well-known/oauth-authorization-server/as")
                  ? FakeAuthorizationServer.json(200, as.metadataJson(as.issuer()))
                  : new mockwebserver3.MockResponse.Builder().code(405).build());
      McpAuthConfigException e =
          catchThrowableOfType(
              McpAuthConfigException.class,
              () -> discovery.fetch(as.issuer(), AuthServerConfig.Type.OIDC));
      assertThat(e.getMessage()).contains("answered HTTP 405", "use type oauth or auto");
      assertThat(e.code()).isEqualTo(McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR);
    }
  }

  @Test
  void aWrongIssuerPathSaysSoAndAnOutageIsNoConfigurationError() {
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      McpAuthConfigException typo =
          catchThrowableOfType(
              McpAuthConfigException.class,
              () -> discovery.fetch(as.url("/typo"), AuthServerConfig.Type.OIDC));
      assertThat(typo.getMessage()).contains("either: check the issuer");
      assertThat(AuthServerDiscovery.notServed(typo))
          .get()
          .extracting(DiscoveryNotServed::servedType)
          .isEqualTo(Optional.empty());
    }
    McpAuthConfigException down =
        catchThrowableOfType(
            McpAuthConfigException.class,
            () -> discovery.fetch("http://127.0.0.1:9/as", AuthServerConfig.Type.OAUTH));
    assertThat(AuthServerDiscovery.notServed(down)).isEmpty();
    assertThat(down.getMessage()).doesNotContain("use type");
  }
}
