package dev.mcpauth.undertow;

import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpAuth;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves the Protected Resource Metadata of every resource configured on an {@link McpAuth} at the
 * RFC 9728 paths (GET, HEAD, OPTIONS; 405 otherwise), and passes every other request to {@code
 * next}. Non-blocking: it answers on the I/O thread.
 *
 * <pre>{@code
 * HttpHandler root = new ProtectedResourceMetadataHandler(mcpAuth, routes);
 * }</pre>
 */
public final class ProtectedResourceMetadataHandler implements HttpHandler {
  private final McpAuth mcpAuth;
  private final HttpHandler next;

  /** Serves {@code mcpAuth}'s metadata; everything else goes to {@code next}. */
  public ProtectedResourceMetadataHandler(McpAuth mcpAuth, HttpHandler next) {
    this.mcpAuth = Objects.requireNonNull(mcpAuth, "mcpAuth");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Optional<HttpResponse> response =
        mcpAuth.metadataFor(exchange.getRequestMethod().toString(), exchange.getRequestPath());
    if (response.isEmpty()) {
      next.handleRequest(exchange);
      return;
    }
    UndertowHttp.write(exchange, response.get());
  }
}
