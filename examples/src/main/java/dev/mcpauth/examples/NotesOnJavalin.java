package dev.mcpauth.examples;

import dev.mcpauth.javalin.JavalinMcpAuth;
import dev.mcpauth.javalin.JavalinMcpEndpoint;
import dev.mcpauth.javalin.McpAuthPlugin;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import io.javalin.Javalin;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;

/**
 * The notes server on Javalin 7: metadata plugin, a protected REST route, the MCP servlet behind
 * the filter.
 */
public final class NotesOnJavalin implements AutoCloseable {
  private final Javalin app;
  private final McpStatelessSyncServer mcp;

  /** Starts on 127.0.0.1:{@code port}. */
  public NotesOnJavalin(NotesServer notes, int port) {
    HttpServletStatelessServerTransport transport =
        HttpServletStatelessServerTransport.builder()
            .messageEndpoint("/mcp")
            .contextExtractor(McpAuthContextExtractor.contextExtractor())
            .httpHeaderValidator(
                DefaultServerTransportSecurityValidator.builder()
                    .allowedOrigins(notes.allowedOrigins)
                    .build())
            .build();
    mcp =
        NotesMcpServer.start(transport, notes.gate, notes.notes, notes.hideTools, notes.downstream);
    app =
        Javalin.create(
                config -> {
                  config.jetty.host = "127.0.0.1";
                  config.registerPlugin(
                      new McpAuthPlugin(plugin -> plugin.mcpAuth = notes.mcpAuth));
                  config.routes.before("/notes", JavalinMcpAuth.bearerAuth(notes.readNotes));
                  config.routes.get(
                      "/notes",
                      ctx -> ctx.contentType("application/json").result(notes.notesJson()));
                  // The same document without protection: the baseline of the load tests.
                  config.routes.get(
                      "/public/notes",
                      ctx -> ctx.contentType("application/json").result(notes.notesJson()));
                  notes.downstreamAuth.ifPresent(
                      downstream -> {
                        config.routes.before(
                            DownstreamApi.WHOAMI_PATH, JavalinMcpAuth.bearerAuth(downstream));
                        config.routes.get(
                            DownstreamApi.WHOAMI_PATH,
                            ctx ->
                                ctx.contentType("application/json")
                                    .result(
                                        DownstreamApi.whoami(
                                            JavalinMcpAuth.authInfo(ctx).orElseThrow())));
                      });
                  JavalinMcpEndpoint.mount(
                      config, "/mcp", transport, McpAuthFilter.builder(notes.gate).build());
                })
            .start(port);
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    mcp.close();
  }
}
