package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.DpopProofs;
import dev.mcpauth.testing.TestKeys;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BearerAuth#verifyNonBlocking}: decides in place, or answers {@link AuthResult.Pending} (a
 * value) when keys must be fetched or a verifier may block; the Pending finishes the same decision.
 */
class PendingResultTest {
  private final MutableClock clock = MutableClock.atSystemTime();
  private final Fixture f = new Fixture(p -> p, clock);
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    worker.shutdownNow();
    f.close();
  }

  private RequestHeaders bearer(String token) {
    return RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)));
  }

  @Test
  void coldKeysArePendingAndThePendingFinishesTheDecision() {
    AuthResult first = f.auth.verifyNonBlocking(bearer(f.valid().build()));
    assertThat(first).isInstanceOf(AuthResult.Pending.class);
    AuthResult finished = ((AuthResult.Pending) first).await();
    assertAuthorized(finished);
    assertThat(f.as.hits("/as/jwks")).isEqualTo(1);
  }

  @Test
  void resumeAsyncFinishesOnTheGivenExecutorWithTheSameOutcome() throws Exception {
    AuthResult first = f.auth.verifyNonBlocking(bearer(f.valid().build()), List.of("mcp:write"));
    CompletableFuture<AuthResult> done = ((AuthResult.Pending) first).resumeAsync(worker);
    AuthResult result = done.get(10, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(AuthResult.Denied.class);
    assertThat(((AuthResult.Denied) result).reason()).isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
  }

  @Test
  void warmKeysGiveTheSameDecisionAsVerifyInPlace() {
    String token = f.valid().build();
    assertAuthorized(f.verifyToken(token));
    assertAuthorized(f.auth.verifyNonBlocking(bearer(token)));
    assertThat(f.auth.verifyNonBlocking(bearer(token), List.of("mcp:write")))
        .isInstanceOf(AuthResult.Denied.class);
    assertThat(f.auth.verifyNonBlocking(bearer(f.valid().claim("aud", "x").build())))
        .isInstanceOf(AuthResult.Denied.class);
  }

  @Test
  void requestsWithoutUsableCredentialsAreDecidedInPlace() {
    assertThat(f.auth.verifyNonBlocking(RequestHeaders.empty()))
        .isInstanceOf(AuthResult.Denied.class);
    assertThat(f.auth.verifyNonBlocking(bearer("x.y.z"))).isInstanceOf(AuthResult.Denied.class);
  }

  @Test
  void anUnknownKidThatMayBeARotationIsPendingNotRefused() {
    assertAuthorized(f.verifyToken(f.valid().build()));
    clock.advance(
        JwksSettings.DEFAULT_REFETCH_COOLDOWN.plusMillis(1)); // past the refetch cool-down
    AuthResult result = f.auth.verifyNonBlocking(bearer(f.valid().header("kid", "k9").build()));
    assertThat(result).isInstanceOf(AuthResult.Pending.class);
    assertThat(((AuthResult.Pending) result).await()).isInstanceOf(AuthResult.Denied.class);
  }

  @Test
  void customVerifiersMayBlockSoTheyRunOnlyWhenThePendingIsFinished() {
    Thread[] ranOn = new Thread[1];
    try (Fixture custom =
        new Fixture(
            (r, server) ->
                r.tokenVerifier(
                    token -> {
                      ranOn[0] = Thread.currentThread();
                      return TokenVerifier.Result.rejected(DenialReason.INACTIVE, null);
                    }),
            p -> p,
            Clock.systemUTC(),
            JwksSettings.defaults())) {
      AuthResult first = custom.auth.verifyNonBlocking(bearer("abc"));
      assertThat(first).isInstanceOf(AuthResult.Pending.class);
      assertThat(ranOn[0]).isNull();
      assertThat(((AuthResult.Pending) first).await()).isInstanceOf(AuthResult.Denied.class);
      assertThat(ranOn[0]).isSameAs(Thread.currentThread());
    }
  }

  @Test
  void aPendingDpopRequestRecordsItsProofOnceWhenFinished() {
    try (Fixture dpop =
        new Fixture(p -> p.dpop(DpopSettings.builder().replayCheck().build()), clock)) {
      PublicJsonWebKey client = TestKeys.ec("client");
      String token = dpop.valid().claim("cnf", Map.of("jkt", DpopProofs.jkt(client))).build();
      RequestHeaders headers =
          RequestHeaders.of(
                  Map.of(
                      "Authorization",
                      List.of("DPoP " + token),
                      "DPoP",
                      List.of(DpopProofs.proof(client, "POST", Fixture.RESOURCE, token).build())))
              .withRequestLine("POST", "/mcp");
      AuthResult first = dpop.auth.verifyNonBlocking(headers);
      assertThat(first).isInstanceOf(AuthResult.Pending.class);
      assertAuthorized(((AuthResult.Pending) first).await());
      AuthResult replay = dpop.auth.verify(headers);
      assertThat(((AuthResult.Denied) replay).reason()).isEqualTo(DenialReason.DPOP_PROOF_REPLAYED);
    }
  }

  @Test
  void theDefaultExecutorCanBeReplacedForBackgroundFetches() throws Exception {
    ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fetch"));
    try (McpAuth auth =
        McpAuth.builder()
            .executor(mine)
            .protectedResource(
                ResourceServerConfig.builder(Fixture.RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, f.as.metadata()))
                    .build())
            .build()) {
      assertAuthorized(auth.bearerAuth().verify(bearer(f.valid().build())));
      assertThat(mine.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
          .isEqualTo("test-fetch");
    } finally {
      assertThat(mine.isShutdown()).isFalse(); // close() leaves a supplied executor running
      mine.shutdownNow();
    }
  }
}
