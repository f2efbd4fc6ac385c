package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The listener sees every final decision and every fetch, and never a token or a subject. */
class McpAuthListenerTest {

  @Test
  void decisionsAndFetchesAreReportedWithoutTokensAndAFailingListenerChangesNothing() {
    List<String> events = new CopyOnWriteArrayList<>();
    McpAuthListener listener =
        new McpAuthListener() {
          @Override
          public void authorized(String resource) {
            events.add("authorized " + resource);
          }

          @Override
          public void denied(String resource, DenialReason reason) {
            events.add("denied " + resource + " " + reason);
            throw new IllegalStateException("a broken listener");
          }

          @Override
          public void fetched(String source, boolean succeeded) {
            events.add("fetched " + succeeded);
          }
        };
    try (FakeAuthorizationServer as = new FakeAuthorizationServer();
        McpAuth mcpAuth =
            McpAuth.builder()
                .listener(listener)
                .protectedResource(
                    ResourceServerConfig.builder(Fixture.RESOURCE)
                        .authorizationServer(
                            AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                        .build())
                .build()) {
      BearerAuth auth = mcpAuth.bearerAuth("mcp:read");
      String token = Tokens.valid(as.issuer(), Fixture.RESOURCE).build();
      Fixture.assertAuthorized(
          auth.verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)))));
      Fixture.assertDenied(auth.verify(RequestHeaders.empty()), 401);
      Fixture.assertDenied(
          auth.verify(
              RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))),
              List.of("mcp:admin")),
          403);
      assertThat(events)
          .containsExactly(
              "fetched true",
              "fetched true",
              "authorized " + Fixture.RESOURCE,
              "denied " + Fixture.RESOURCE + " MISSING_CREDENTIALS",
              "denied " + Fixture.RESOURCE + " INSUFFICIENT_SCOPE");
      assertThat(String.join(" ", events)).doesNotContain(token).doesNotContain("alice");
    }
  }
}
