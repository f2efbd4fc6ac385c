package dev.mcpauth.examples;

import dev.mcpauth.undertow.BearerAuthHandler;
import dev.mcpauth.undertow.McpUndertowHandler;
import dev.mcpauth.undertow.ProtectedResourceMetadataHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;

/**
 * The notes server on plain Undertow 2.4: metadata handler, a protected REST route, the MCP
 * handler.
 */
public final class NotesOnUndertow implements AutoCloseable {
  private final Undertow server;
  private final McpStatelessSyncServer mcp;

  /** Starts on 127.0.0.1:{@code port}. */
  public NotesOnUndertow(NotesServer notes, int port) {
    McpUndertowHandler transport = new McpUndertowHandler(notes.gate);
    mcp =
        NotesMcpServer.start(transport, notes.gate, notes.notes, notes.hideTools, notes.downstream);
    PathHandler paths = Handlers.path();
    notes.downstreamAuth.ifPresent(
        downstream ->
            paths.addExactPath(
                DownstreamApi.WHOAMI_PATH,
                new BearerAuthHandler(
                    downstream,
                    exchange -> {
                      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                      exchange
                          .getResponseSender()
                          .send(
                              DownstreamApi.whoami(
                                  BearerAuthHandler.authInfo(exchange).orElseThrow()));
                    })));
    server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                new ProtectedResourceMetadataHandler(
                    notes.mcpAuth,
                    paths
                        .addExactPath("/mcp", transport)
                        .addExactPath(
                            "/public/notes",
                            exchange -> { // unprotected: the baseline of the load tests
                              exchange
                                  .getResponseHeaders()
                                  .put(Headers.CONTENT_TYPE, "application/json");
                              exchange.getResponseSender().send(notes.notesJson());
                            })
                        .addExactPath(
                            "/notes",
                            new BearerAuthHandler(
                                notes.readNotes,
                                exchange -> {
                                  if (!exchange.getRequestMethod().equals(Methods.GET)) {
                                    exchange.setStatusCode(405);
                                    exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
                                    exchange.endExchange();
                                    return;
                                  }
                                  exchange
                                      .getResponseHeaders()
                                      .put(Headers.CONTENT_TYPE, "application/json");
                                  exchange.getResponseSender().send(notes.notesJson());
                                }))))
            .build();
    server.start();
  }

  /** The port it listens on. */
  public int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public void close() {
    server.stop();
    mcp.close();
  }
}
