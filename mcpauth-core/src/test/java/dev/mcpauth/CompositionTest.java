package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.CompositionAuthServer;
import dev.mcpauth.testing.CompositionMatrix;
import dev.mcpauth.testing.CompositionMatrix.Case;
import dev.mcpauth.testing.CompositionMatrix.Combination;
import dev.mcpauth.testing.CompositionMatrix.Installed;
import dev.mcpauth.testing.CompositionMatrix.Keys;
import dev.mcpauth.testing.CompositionMatrix.Mode;
import dev.mcpauth.testing.CompositionMatrix.Scheme;
import dev.mcpauth.testing.CompositionMatrix.Step;
import dev.mcpauth.testing.CompositionMatrix.TokenCache;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The composition matrix ({@link CompositionMatrix}, 24 combinations) through the core alone: warm
 * keys with {@link BearerAuth#verify}, cold keys as an event loop would, with {@link
 * BearerAuth#verifyNonBlocking} and {@link AuthResult.Pending#await()}.
 */
class CompositionTest {
  private static final String RESOURCE = "https://mcp.test/mcp";
  private static CompositionMatrix matrix;

  @BeforeAll
  static void start() {
    matrix = new CompositionMatrix();
  }

  @AfterAll
  static void stop() {
    matrix.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.mcpauth.testing.CompositionMatrix#combinations")
  void everyCaseEndsTheSameWay(Combination c) throws Exception {
    matrix.forEachCase(c, RESOURCE, CompositionTest::run);
  }

  private static void run(Combination c, Case k) {
    try (Installed installed = matrix.install(c, RESOURCE)) {
      run(installed, k);
    }
  }

  private static void run(Installed installed, Case k) {
    Combination c = installed.combination();
    for (int i = 0; i < k.steps().size(); i++) {
      Step step = k.steps().get(i);
      String where = c + " / " + k.name() + " / " + step.name();
      RequestHeaders headers = step.requestHeaders(CompositionMatrix.path(RESOURCE));
      AuthResult result;
      if (c.keys() == Keys.COLD) {
        result = installed.auth().verifyNonBlocking(headers);
        if (i == 0 && step.expected().reason().isEmpty()) {
          // Nothing is fetched yet (keys) or the verifier blocks (introspection): never decided in
          // place.
          assertThat(result)
              .as(where + ": decided without blocking")
              .isInstanceOf(AuthResult.Pending.class);
        }
        if (result instanceof AuthResult.Pending pending) {
          result = pending.await();
        }
      } else {
        result = installed.auth().verify(headers);
      }
      step.expected().check(where, result);
    }
  }

  /**
   * Issue 13: mixed mode wrapped the JWT verifier, and a valid DPoP token got "cannot be used as a
   * Bearer token".
   */
  @Test
  void mixedModeWithDpopAuthorizesLikeJwtMode() {
    for (Mode mode : List.of(Mode.JWT, Mode.MIXED)) {
      for (Keys keys : Keys.values()) {
        Combination c = new Combination(mode, Scheme.DPOP, TokenCache.ON, keys);
        run(c, matrix.cases(c, RESOURCE).get(0));
      }
    }
  }

  /**
   * Issue 13: with cold keys the event-loop attempt recorded the proof's jti and the worker re-run
   * then refused the same valid proof as a replay. The first request must be authorized, its repeat
   * refused.
   */
  @Test
  void aPendingDpopRequestIsAuthorizedOnceAndItsProofIsThenAReplay() {
    for (Mode mode : Mode.values()) {
      Combination c = new Combination(mode, Scheme.DPOP, TokenCache.ON, Keys.COLD);
      Case valid = matrix.cases(c, RESOURCE).get(0);
      assertThat(valid.steps().get(1).expected().reason())
          .contains(DenialReason.DPOP_PROOF_REPLAYED);
      run(c, valid);
    }
  }

  @Test
  void theIntrospectionCacheSwitchDecidesHowOftenTheEndpointIsAsked() {
    for (TokenCache cache : TokenCache.values()) {
      Combination c = new Combination(Mode.INTROSPECTION, Scheme.BEARER, cache, Keys.WARM);
      Case valid = matrix.cases(c, RESOURCE).get(0);
      int before = matrix.authorizationServer().hits(CompositionAuthServer.INTROSPECTION_PATH);
      run(c, valid);
      int calls =
          matrix.authorizationServer().hits(CompositionAuthServer.INTROSPECTION_PATH) - before;
      // warm-up token, then the case's token three times
      assertThat(calls).as("cache %s", cache).isEqualTo(cache == TokenCache.ON ? 2 : 4);
    }
  }

  @Test
  void theMatrixHasEveryCombinationOnce() {
    assertThat(CompositionMatrix.all()).hasSize(24).doesNotHaveDuplicates();
  }
}
