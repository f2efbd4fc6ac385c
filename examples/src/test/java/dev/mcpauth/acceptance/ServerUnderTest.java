package dev.mcpauth.acceptance;

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
