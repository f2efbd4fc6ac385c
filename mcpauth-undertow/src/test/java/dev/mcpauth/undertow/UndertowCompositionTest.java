package dev.mcpauth.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.DenialReason;
import dev.mcpauth.testing.CompositionMatrix;
import dev.mcpauth.testing.CompositionMatrix.Case;
import dev.mcpauth.testing.CompositionMatrix.Combination;
import dev.mcpauth.testing.CompositionMatrix.HttpResult;
import dev.mcpauth.testing.CompositionMatrix.Installed;
import dev.mcpauth.testing.CompositionMatrix.Keys;
import dev.mcpauth.testing.CompositionMatrix.Mode;
import dev.mcpauth.testing.CompositionMatrix.Scheme;
import dev.mcpauth.testing.CompositionMatrix.TokenCache;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The composition matrix ({@link CompositionMatrix}, 24 combinations) over real HTTP through {@link
 * BearerAuthHandler} on Undertow with one I/O thread: requests are decided on the I/O thread with
 * {@code verifyNonBlocking}, and whatever must wait (cold keys, introspection) is finished on a
 * worker. The protected handler reports which thread it ran on, so the test also sees where each
 * decision was made.
 */
class UndertowCompositionTest {
  private static final HttpString ON_IO_THREAD = new HttpString("X-On-Io-Thread");

  private static CompositionMatrix matrix;
  private static Undertow server;
  private static String resource;
  private static volatile HttpHandler current = exchange -> exchange.setStatusCode(503);

  /** Makes the server protect the resource with a case's freshly installed {@code BearerAuth}. */
  private static Consumer<Installed> protectedBy;

  @BeforeAll
  static void start() {
    matrix = new CompositionMatrix();
    HttpHandler echo =
        exchange -> {
          AuthInfo info = BearerAuthHandler.authInfo(exchange).orElseThrow();
          exchange
              .getResponseHeaders()
              .put(ON_IO_THREAD, Boolean.toString(exchange.isInIoThread()));
          exchange.getResponseSender().send(CompositionMatrix.describe(info));
        };
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setIoThreads(1)
            .setWorkerThreads(4)
            .setHandler(exchange -> current.handleRequest(exchange))
            .build();
    server.start();
    InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    resource = "http://127.0.0.1:" + address.getPort() + "/mcp";
    protectedBy = installed -> current = new BearerAuthHandler(installed.auth(), echo);
  }

  @AfterAll
  static void stop() {
    server.stop();
    matrix.close();
  }

  /**
   * Where an authorized request of the valid case must have been decided: on the I/O thread only
   * when nothing had to be fetched or introspected (keys warm, or an introspection answer
   * remembered).
   */
  private static boolean decidedOnIoThread(Combination c, int step) {
    if (step == 0) {
      return c.keys() == Keys.WARM && c.mode() != Mode.INTROSPECTION;
    }
    return c.mode() != Mode.INTROSPECTION || c.cache() == TokenCache.ON;
  }

  private static void checkThread(
      Combination c, String where, Case k, int step, HttpResult response) {
    if (k.name().equals(CompositionMatrix.VALID_CASE) && response.status() == 200) {
      assertThat(response.header(ON_IO_THREAD.toString()))
          .as(where + ": on the I/O thread")
          .contains(Boolean.toString(decidedOnIoThread(c, step)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.mcpauth.testing.CompositionMatrix#combinations")
  void everyCaseEndsTheSameWay(Combination c) throws Exception {
    matrix.runOverHttp(
        c,
        resource,
        protectedBy,
        (where, k, step, response) -> checkThread(c, where, k, step, response));
  }

  /**
   * Issue 13: with cold keys the I/O-thread attempt recorded the proof's jti, and the worker re-run
   * refused the same valid proof as a replay. Now the first request is authorized (finished on a
   * worker), and the same proof sent again is refused as replayed.
   */
  @Test
  void withColdKeysOnTheIoThreadAValidDpopRequestIsAuthorizedOnceThenItsProofIsAReplay()
      throws Exception {
    for (Mode mode : Mode.values()) {
      Combination c = new Combination(mode, Scheme.DPOP, TokenCache.ON, Keys.COLD);
      List<Integer> statuses = new ArrayList<>();
      matrix.runOverHttp(
          c,
          resource,
          k -> k.name().equals(CompositionMatrix.VALID_CASE),
          protectedBy,
          (where, k, step, response) -> {
            statuses.add(response.status());
            checkThread(c, where, k, step, response);
            if (step == 1) {
              assertThat(response.body())
                  .as(where)
                  .contains(DenialReason.DPOP_PROOF_REPLAYED.description());
            }
          });
      assertThat(statuses).as(c.toString()).containsExactly(200, 401, 200);
    }
  }

  /**
   * Issue 13: the same valid DPoP token and proof are authorized in mixed mode exactly as in JWT
   * mode.
   */
  @Test
  void mixedModeWithDpopIsAuthorizedLikeJwtMode() throws Exception {
    for (Mode mode : List.of(Mode.JWT, Mode.MIXED)) {
      for (Keys keys : Keys.values()) {
        Combination c = new Combination(mode, Scheme.DPOP, TokenCache.ON, keys);
        List<Integer> statuses = new ArrayList<>();
        matrix.runOverHttp(
            c,
            resource,
            k -> k.name().equals(CompositionMatrix.VALID_CASE),
            protectedBy,
            (where, k, step, response) -> statuses.add(response.status()));
        assertThat(statuses).as(c.toString()).startsWith(200);
      }
    }
  }
}
