package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link BearerAuth#tryVerifyWithoutWaiting}: decides in place unless a fetch would be needed. */
class NonWaitingVerifyTest {
  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private RequestHeaders bearer(String token) {
    return RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)));
  }

  @Test
  void coldKeysWouldNeedAFetchSoNoDecisionAndNoFetch() {
    assertThat(f.auth.tryVerifyWithoutWaiting(bearer(f.valid().build()), List.of())).isEmpty();
    assertThat(f.as.hits("/as/jwks")).isZero();
  }

  @Test
  void warmKeysGiveTheSameDecisionAsVerify() {
    String token = f.valid().build();
    assertThat(f.verifyToken(token)).isInstanceOf(AuthResult.Authorized.class);
    assertThat(f.auth.tryVerifyWithoutWaiting(bearer(token), List.of())).get().isInstanceOf(AuthResult.Authorized.class);
    assertThat(f.auth.tryVerifyWithoutWaiting(bearer(token), List.of("mcp:write")).orElseThrow().isAuthorized()).isFalse();
    assertThat(f.auth.tryVerifyWithoutWaiting(bearer(f.valid().claim("aud", "x").build()), List.of()).orElseThrow())
        .isInstanceOf(AuthResult.Denied.class);
  }

  @Test
  void requestsWithoutUsableCredentialsAreDecidedInPlace() {
    assertThat(f.auth.tryVerifyWithoutWaiting(RequestHeaders.empty(), List.of()).orElseThrow().isAuthorized()).isFalse();
    assertThat(f.auth.tryVerifyWithoutWaiting(bearer("x.y.z"), List.of())).isPresent();
  }

  @Test
  void anUnknownKidThatMayBeARotationIsLeftToTheWaitingPath() throws InterruptedException {
    assertThat(f.verifyToken(f.valid().build())).isInstanceOf(AuthResult.Authorized.class);
    Thread.sleep(1100); // past the refetch cool-down
    assertThat(f.auth.tryVerifyWithoutWaiting(bearer(f.valid().header("kid", "k9").build()), List.of())).isEmpty();
  }

  @Test
  void customVerifiersMayBlockSoTheyAreNeverCalledInPlace() {
    BearerAuth custom = f.mcpAuth.bearerAuth(token -> {
      throw new AssertionError("must not be called");
    }, BearerAuthConfig.builder().build());
    assertThat(custom.tryVerifyWithoutWaiting(bearer("abc"), List.of())).isEmpty();
  }
}
