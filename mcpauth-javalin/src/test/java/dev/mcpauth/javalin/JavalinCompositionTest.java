package dev.mcpauth.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.CompositionMatrix;
import dev.mcpauth.testing.CompositionMatrix.Combination;
import dev.mcpauth.testing.CompositionMatrix.Installed;
import dev.mcpauth.testing.CompositionMatrix.Keys;
import dev.mcpauth.testing.CompositionMatrix.Mode;
import dev.mcpauth.testing.CompositionMatrix.Scheme;
import dev.mcpauth.testing.CompositionMatrix.TokenCache;
import io.javalin.Javalin;
import io.javalin.http.Handler;
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
 * JavalinMcpAuth#bearerAuth} as a {@code before} handler on Javalin. Javalin's handlers may block,
 * so "cold" here means the first request waits for the key fetch in place.
 */
class JavalinCompositionTest {
  private static CompositionMatrix matrix;
  private static Javalin app;
  private static String resource;
  private static volatile Handler current = ctx -> ctx.status(503);

  /** Makes the app protect the resource with a case's freshly installed {@code BearerAuth}. */
  private static final Consumer<Installed> PROTECTED_BY =
      installed -> current = JavalinMcpAuth.bearerAuth(installed.auth());

  @BeforeAll
  static void start() {
    matrix = new CompositionMatrix();
    app =
        Javalin.create(
                config -> {
                  config.jetty.host = "127.0.0.1";
                  config.routes.before("/mcp", ctx -> current.handle(ctx));
                  config.routes.post(
                      "/mcp",
                      ctx ->
                          ctx.result(
                              CompositionMatrix.describe(
                                  JavalinMcpAuth.authInfo(ctx).orElseThrow())));
                })
            .start(0);
    resource = "http://127.0.0.1:" + app.port() + "/mcp";
  }

  @AfterAll
  static void stop() {
    app.stop();
    matrix.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.mcpauth.testing.CompositionMatrix#combinations")
  void everyCaseEndsTheSameWay(Combination c) throws Exception {
    matrix.runOverHttp(c, resource, PROTECTED_BY, (where, k, step, response) -> {});
  }

  /**
   * Issue 13: the same valid DPoP token and proof are authorized in mixed mode exactly as in JWT
   * mode.
   */
  @Test
  void mixedModeWithDpopIsAuthorizedLikeJwtModeAndItsProofIsThenAReplay() throws Exception {
    for (Mode mode : List.of(Mode.JWT, Mode.MIXED)) {
      for (Keys keys : Keys.values()) {
        Combination c = new Combination(mode, Scheme.DPOP, TokenCache.ON, keys);
        List<Integer> statuses = new ArrayList<>();
        matrix.runOverHttp(
            c,
            resource,
            k -> k.name().equals(CompositionMatrix.VALID_CASE),
            PROTECTED_BY,
            (where, k, step, response) -> statuses.add(response.status()));
        assertThat(statuses).as(c.toString()).containsExactly(200, 401, 200);
      }
    }
  }
}
