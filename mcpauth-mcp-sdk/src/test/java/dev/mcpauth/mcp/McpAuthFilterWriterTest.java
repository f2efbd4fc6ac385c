package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.CompositionMatrix;
import dev.mcpauth.testing.CompositionMatrix.Combination;
import dev.mcpauth.testing.CompositionMatrix.HttpResult;
import dev.mcpauth.testing.CompositionMatrix.Installed;
import dev.mcpauth.testing.CompositionMatrix.Keys;
import dev.mcpauth.testing.CompositionMatrix.Mode;
import dev.mcpauth.testing.CompositionMatrix.Scheme;
import dev.mcpauth.testing.CompositionMatrix.TokenCache;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * KNOWN BUG, found by the composition tests (branch compose): a servlet behind {@link
 * McpAuthFilter} that writes its answer with {@code response.getWriter()} and does not flush it
 * (servlets may rely on the container to) sends 200 with an empty body. {@code
 * ForwardedResponse.getWriter()} wraps the stream in a buffering {@code PrintWriter} of its own
 * that only {@code flushBuffer()} flushes, and nothing calls that after the chain returns, so the
 * text never reaches the container. The MCP SDK transports flush explicitly, which is why the MCP
 * tests do not see it. Enable this test with the fix (for example, {@code McpAuthFilter} flushing
 * the wrapper's writer after {@code chain.doFilter} when no async processing started, or the
 * wrapper writing through the container's own writer).
 */
class McpAuthFilterWriterTest {

  /** Writes the caller without flushing, as plain servlets do. */
  private static final class UnflushedWhoAmI extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response
          .getWriter()
          .write(
              CompositionMatrix.describe(McpAuthContextExtractor.authInfo(request).orElseThrow()));
    }
  }

  @Test
  void anUnflushedWriterBehindTheFilterStillReachesTheClient() throws Exception {
    Combination c = new Combination(Mode.JWT, Scheme.BEARER, TokenCache.ON, Keys.WARM);
    try (CompositionMatrix matrix = new CompositionMatrix();
        LoopbackJetty jetty = new LoopbackJetty()) {
      String resource = jetty.base() + "/mcp";
      try (Installed installed = matrix.install(c, resource)) {
        jetty
            .servlet(new UnflushedWhoAmI(), "/mcp")
            .filter(
                McpAuthFilter.builder(installed.mcpAuth().mcpGate(installed.auth()).build())
                    .serveMetadata(installed.mcpAuth())
                    .build(),
                "/*")
            .start();
        HttpResult result = matrix.send(resource, matrix.cases(c, resource).get(0).steps().get(0));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo(CompositionMatrix.AUTHORIZED_BODY);
      }
    }
  }
}
