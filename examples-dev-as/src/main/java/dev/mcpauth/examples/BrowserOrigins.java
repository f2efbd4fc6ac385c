package dev.mcpauth.examples;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Lets browser-based clients (the MCP Inspector, say) read every answer: mock-oauth2-server answers
 * CORS preflights, but only its own routes carry {@code Access-Control-Allow-Origin}; this adds it,
 * for the requesting origin, to the answers of this server's routes (registration, authorization
 * server metadata, token, introspection). No credentials are allowed: none are needed.
 */
final class BrowserOrigins extends Dispatcher {
  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  private final Dispatcher server;

  BrowserOrigins(Dispatcher server) {
    this.server = server;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    MockResponse response = server.dispatch(request);
    String origin = request.getHeader("Origin");
    if (origin != null && response.getHeaders().get(ALLOW_ORIGIN) == null) {
      response.setHeader(ALLOW_ORIGIN, origin);
      response.addHeader("Vary", "Origin");
    }
    return response;
  }

  @Override
  public MockResponse peek() {
    return server.peek();
  }

  @Override
  public void shutdown() {
    server.shutdown();
  }
}
