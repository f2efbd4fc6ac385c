package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resources, or introspecting clients, that share one {@link ExpiringCache} (one Redis) never see
 * each other's cached introspection answers, positive or "inactive" (issue #24, item 9).
 */
class IntrospectionSharedCacheTest {
  private static final String RESOURCE_A = "https://a.mcp.test/mcp";
  private static final String RESOURCE_B = "https://b.mcp.test/mcp";
  private static final String TOKEN = "opaque-shared-token";

  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final MutableClock clock = MutableClock.atSystemTime();
  private final ExpiringCache shared = new InMemoryExpiringCache(100, clock);

  IntrospectionSharedCacheTest() {
    // An authorization server that answers "active" only to the client "trusted-server", as one
    // restricting introspection to a token's intended audience would.
    as.respondToRequest(
        request -> {
          boolean trusted =
              okhttp3.Credentials.basic("trusted-server", "s3cret")
                  .equals(request.getHeaders().get("Authorization"));
          return FakeAuthorizationServer.json(
              200,
              trusted
                  ? "{\"active\":true,\"iss\":\""
                      + as.issuer()
                      + "\",\"sub\":\"alice\",\"aud\":[\""
                      + RESOURCE_A
                      + "\",\""
                      + RESOURCE_B
                      + "\"],\"scope\":\"mcp:read\",\"exp\":"
                      + (clock.instant().getEpochSecond() + 300)
                      + "}"
                  : "{\"active\":false}");
        });
  }

  @AfterEach
  void close() {
    as.close();
  }

  private McpAuth instance(String resource, String clientId) {
    return McpAuth.builder()
        .clock(clock)
        .expiringCache(shared)
        .protectedResource(
            ResourceServerConfig.builder(resource)
                .authorizationServer(
                    AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                .introspection(
                    Introspection.builder(as.issuer())
                        .endpoint(as.url("/as/introspect"))
                        .clientCredentials(clientId, "s3cret")
                        .build())
                .build())
        .build();
  }

  private static AuthResult verify(McpAuth mcpAuth) {
    return mcpAuth
        .bearerAuth("mcp:read")
        .verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + TOKEN))));
  }

  @Test
  void twoResourcesSharingOneCacheEachAskTheAuthorizationServer() {
    try (McpAuth a = instance(RESOURCE_A, "trusted-server");
        McpAuth b = instance(RESOURCE_B, "trusted-server")) {
      assertAuthorized(verify(a));
      assertAuthorized(verify(a));
      assertThat(as.hits("/as/introspect")).isEqualTo(1); // A reuses its own answer

      assertAuthorized(verify(b));
      assertThat(as.hits("/as/introspect")).as("B does not reuse A's answer").isEqualTo(2);
    }
  }

  @Test
  void anInactiveAnswerGivenToOneClientIsNotServedToAnother() {
    try (McpAuth untrusted = instance(RESOURCE_A, "other-server");
        McpAuth trusted = instance(RESOURCE_A, "trusted-server")) {
      assertThat(assertDenied(verify(untrusted), 401).reason()).isEqualTo(DenialReason.INACTIVE);

      assertAuthorized(verify(trusted));
      assertThat(as.hits("/as/introspect")).isEqualTo(2);
    }
  }

  @Test
  void anActiveAnswerGivenToOneClientIsNotServedToAnother() {
    try (McpAuth trusted = instance(RESOURCE_A, "trusted-server");
        McpAuth untrusted = instance(RESOURCE_A, "other-server")) {
      assertAuthorized(verify(trusted));

      assertThat(assertDenied(verify(untrusted), 401).reason()).isEqualTo(DenialReason.INACTIVE);
      assertThat(as.hits("/as/introspect")).isEqualTo(2);
    }
  }
}
