package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.McpGate;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.CompositionMatrix;
import dev.mcpauth.testing.CompositionMatrix.Combination;
import dev.mcpauth.testing.CompositionMatrix.Installed;
import dev.mcpauth.testing.CompositionMatrix.Keys;
import dev.mcpauth.testing.CompositionMatrix.Mode;
import dev.mcpauth.testing.CompositionMatrix.Scheme;
import dev.mcpauth.testing.CompositionMatrix.TokenCache;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The composition matrix ({@link CompositionMatrix}, 24 combinations) over real HTTP through the
 * servlet transport: {@link McpAuthFilter} (the MCP endpoint decision, {@link McpGate#check}) on
 * Jetty in front of a servlet that reads the caller the way an MCP transport does ({@link
 * McpAuthContextExtractor}). Every request is a JSON-RPC {@code ping} POST.
 */
class ServletCompositionTest {
  private static CompositionMatrix matrix;
  private static LoopbackJetty jetty;
  private static String resource;
  private static volatile Filter current =
      (req, res, chain) -> ((HttpServletResponse) res).setStatus(503);

  /** Makes the filter decide with a case's freshly installed resource. */
  private static final Consumer<Installed> PROTECTED_BY =
      installed ->
          current =
              McpAuthFilter.builder(installed.mcpAuth().mcpGate(installed.auth()).build())
                  .serveMetadata(installed.mcpAuth())
                  .build();

  /** Answers with the caller the MCP context would carry. */
  private static final class WhoAmI extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      McpAuthContextExtractor.contextExtractor().extract(request);
      PrintWriter writer = response.getWriter();
      writer.write(
          CompositionMatrix.describe(McpAuthContextExtractor.authInfo(request).orElseThrow()));
      // Flushed by hand: behind McpAuthFilter an unflushed writer loses its text (see
      // McpAuthFilterWriterTest, a known bug).
      writer.flush();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    matrix = new CompositionMatrix();
    jetty = new LoopbackJetty();
    resource = jetty.base() + "/mcp";
    jetty
        .servlet(new WhoAmI(), "/mcp")
        .filter((req, res, chain) -> current.doFilter(req, res, chain), "/*")
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.close();
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
