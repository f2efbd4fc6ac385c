package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.testing.FakeAuthorizationServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Discovery: URL building (the peers' table plus the MCP client order) and fetch faults over real
 * HTTP.
 */
class AuthServerDiscoveryTest {
  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final AuthServerDiscovery fetcher =
      AuthServerDiscovery.create(
          new OkHttpClient(),
          FetchLimits.builder()
              .connectTimeout(Duration.ofSeconds(1))
              .callTimeout(Duration.ofMillis(800))
              .maxResponseBytes(64 * 1024)
              .build());

  @AfterEach
  void close() {
    as.close();
  }

  @ParameterizedTest
  @CsvSource({
    "https://a.com, OAUTH, https://a.com/.well-known/oauth-authorization-server",
    "https://a.com/, OAUTH, https://a.com/.well-known/oauth-authorization-server",
    "https://a.com/t/x, OAUTH, https://a.com/.well-known/oauth-authorization-server/t/x",
    "https://a.com/t/x/, OAUTH, https://a.com/.well-known/oauth-authorization-server/t/x",
    "https://a.com, OIDC, https://a.com/.well-known/openid-configuration",
    "https://a.com/oidc/, OIDC, https://a.com/oidc/.well-known/openid-configuration",
    "https://a.com/t?x=1, OIDC, https://a.com/t/.well-known/openid-configuration?x=1",
    "http://localhost:8080/realms/r, OIDC, http://localhost:8080/realms/r/.well-known/openid-configuration",
  })
  void wellKnownUrlsWhenTypeIsGivenThenFollowThatConvention(
      String issuer, AuthServerConfig.Type type, String url) {
    assertThat(AuthServerDiscovery.wellKnownUrls(issuer, Optional.of(type)))
        .extracting(AuthServerDiscovery.Candidate::url)
        .containsExactly(url);
  }

  @Test
  void wellKnownUrlsWhenAutomaticThenFollowTheMcpClientOrder() {
    assertThat(AuthServerDiscovery.wellKnownUrls("https://a.com/tenant", Optional.empty()))
        .extracting(AuthServerDiscovery.Candidate::url)
        .containsExactly(
            "https://a.com/.well-known/oauth-authorization-server/tenant",
            "https://a.com/.well-known/openid-configuration/tenant",
            "https://a.com/tenant/.well-known/openid-configuration");
    assertThat(AuthServerDiscovery.wellKnownUrls("https://a.com", Optional.empty()))
        .extracting(AuthServerDiscovery.Candidate::url)
        .containsExactly(
            "https://a.com/.well-known/oauth-authorization-server",
            "https://a.com/.well-known/openid-configuration");
  }

  @Test
  void wellKnownUrlsWhenIssuerIsInsecureOrInvalidThenConfigError() {
    for (String bad :
        List.of(
            "http://as.example.com",
            "ftp://a.com",
            "not a url",
            "https://a.com/#frag",
            "/relative")) {
      assertThatThrownBy(
              () -> AuthServerDiscovery.wellKnownUrls(bad, Optional.of(AuthServerConfig.Type.OIDC)))
          .isInstanceOf(McpAuthConfigException.class)
          .extracting(e -> ((McpAuthConfigException) e).code())
          .isEqualTo(McpAuthConfigException.Code.INVALID_SERVER_CONFIG);
    }
  }

  @Test
  void fetchWhenOidcDocumentIsServedThenResolvesAndKeepsUnknownMembers() {
    AuthServerConfig.Resolved resolved = fetcher.fetch(as.issuer(), AuthServerConfig.Type.OIDC);
    assertThat(resolved.type()).isEqualTo(AuthServerConfig.Type.OIDC);
    assertThat(resolved.metadata().issuer()).isEqualTo(as.issuer());
    assertThat(resolved.metadata().jwksUri()).contains(as.jwksUri());
    assertThat(resolved.metadata().member("x_vendor_extension")).isPresent();
  }

  @Test
  void fetchAutoWhenOnlyTheOidcAppendUrlAnswersThenFallsBackToIt() {
    AuthServerConfig.Resolved resolved = fetcher.fetchAuto(as.issuer());
    assertThat(resolved.type()).isEqualTo(AuthServerConfig.Type.OIDC);
    assertThat(as.hits("/.well-known/oauth-authorization-server/as")).isEqualTo(1);
    assertThat(as.hits("/.well-known/openid-configuration/as")).isEqualTo(1);
    assertThat(as.hits("/as/.well-known/openid-configuration")).isEqualTo(1);
  }

  @Test
  void fetchWhen404ThenFetchError() {
    assertCode(
        () -> fetcher.fetch(as.issuer(), AuthServerConfig.Type.OAUTH),
        McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR);
  }

  @Test
  void fetchWhen500ThenFetchErrorWithoutTryingOtherUrls() {
    as.respond(path -> new MockResponse.Builder().code(500).build());
    assertCode(
        () -> fetcher.fetchAuto(as.issuer()),
        McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR);
    assertThat(as.totalHits()).isEqualTo(1);
  }

  @Test
  void fetchWhenSlowThenFetchErrorWithinTheTimeout() {
    as.respond(
        path ->
            FakeAuthorizationServer.json(200, as.metadataJson(as.issuer()))
                .newBuilder()
                .headersDelay(5, TimeUnit.SECONDS)
                .build());
    long start = System.nanoTime();
    assertCode(
        () -> fetcher.fetch(as.issuer(), AuthServerConfig.Type.OIDC),
        McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void fetchWhenHugeThenFetchError() {
    as.respond(
        path -> FakeAuthorizationServer.json(200, "{\"pad\":\"" + "x".repeat(200_000) + "\"}"));
    assertCode(
        () -> fetcher.fetch(as.issuer(), AuthServerConfig.Type.OIDC),
        McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR);
  }

  @Test
  void fetchWhenNotJsonOrNotAnObjectThenInvalidMetadata() {
    for (String body : List.of("<html/>", "[1]", "null", "{\"issuer\":1,")) {
      as.respond(path -> FakeAuthorizationServer.json(200, body));
      assertCode(
          () -> fetcher.fetch(as.issuer(), AuthServerConfig.Type.OIDC),
          McpAuthConfigException.Code.INVALID_SERVER_METADATA);
    }
  }

  @Test
  void fetchWhenRequiredMemberMissingThenInvalidMetadataNamingIt() {
    as.respond(path -> FakeAuthorizationServer.json(200, "{\"issuer\":\"" + as.issuer() + "\"}"));
    assertThatThrownBy(() -> fetcher.fetch(as.issuer(), AuthServerConfig.Type.OIDC))
        .hasMessageContaining("authorization_endpoint");
  }

  @Test
  void fetchWhenIssuerDiffersThenIssuerMismatch() {
    as.respond(path -> FakeAuthorizationServer.json(200, as.metadataJson(as.issuer() + "/")));
    assertCode(
        () -> fetcher.fetch(as.issuer(), AuthServerConfig.Type.OIDC),
        McpAuthConfigException.Code.ISSUER_MISMATCH);
  }

  @Test
  void fetchWhenTranspileDataGivenThenAppliedBeforeValidation() {
    as.respond(path -> FakeAuthorizationServer.json(200, as.metadataJson("https://wrong.example")));
    AuthServerConfig.Resolved resolved =
        fetcher.fetch(
            AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC)
                .withTranspileData(
                    json -> {
                      json.put("issuer", as.issuer());
                      return json;
                    }));
    assertThat(resolved.issuer()).isEqualTo(as.issuer());
  }

  @Test
  void fetchByWellKnownUrlWhen404ThenFetchErrorNotAnInternalException() {
    assertCode(
        () -> fetcher.fetchByWellKnownUrl(as.url("/nothing"), AuthServerConfig.Type.OAUTH),
        McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR);
  }

  @Test
  void fetchWhenConnectionRefusedThenFetchError() {
    String issuer = as.issuer();
    as.close();
    assertCode(
        () -> fetcher.fetch(issuer, AuthServerConfig.Type.OIDC),
        McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR);
  }

  private static void assertCode(Runnable call, McpAuthConfigException.Code code) {
    assertThatThrownBy(call::run)
        .isInstanceOf(McpAuthConfigException.class)
        .extracting(e -> ((McpAuthConfigException) e).code())
        .isEqualTo(code);
  }
}
