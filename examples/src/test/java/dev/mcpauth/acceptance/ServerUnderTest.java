package dev.mcpauth.acceptance;

import java.util.List;
import java.util.Optional;

/**
 * How {@link AcceptanceSuite} starts the notes server it drives: the main demo on one of its hosts,
 * or the Spring demo on one of its stacks. The server binds 127.0.0.1, starts its embedded
 * development authorization server, and trusts one more issuer (the suite's own, whose keys it
 * holds to mint hostile tokens).
 */
@FunctionalInterface
public interface ServerUnderTest {

  /**
   * Starts the server.
   *
   * @param port the port of the MCP server
   * @param alsoTrustedIssuer an issuer trusted besides the embedded one (OIDC discovery)
   * @return the running server; the suite closes it
   */
  Running start(int port, String alsoTrustedIssuer) throws Exception;

  /**
   * Texts of error messages that the framework behind the server writes itself and this project
   * cannot change, each a known upstream defect named in the implementation; the no-internals
   * checks report everything else. Empty for servers that leak nothing.
   */
  default List<String> knownUpstreamLeaks() {
    return List.of();
  }

  /**
   * How to start the same server in a child JVM on {@code port}, for the tests that must watch a
   * separate process (a small heap, its output): the {@code java} launcher's arguments after the
   * JVM options ({@code -cp ... MainClass --flag ...}). The child binds 127.0.0.1, starts its
   * embedded development authorization server (whose token endpoint its banner prints) and trusts
   * no other issuer; it prints {@code Press Ctrl+C to stop.} once it serves.
   *
   * @return empty when this server cannot run in a child JVM
   */
  default Optional<List<String>> commandLine(int port) {
    return Optional.empty();
  }

  /** A started server. */
  interface Running extends AutoCloseable {
    /** The base URL, {@code http://localhost:PORT} (the resource is {@code <base>/mcp}). */
    String baseUrl();

    /** The token endpoint of the embedded development authorization server. */
    String devTokenEndpoint();

    /**
     * Whether the MCP transport keeps sessions (streamable HTTP): a client then initializes first
     * and sends the {@code Mcp-Session-Id} it got with every later request. A stateless transport
     * answers any request on its own.
     */
    boolean sessions();
  }
}
