package dev.mcpauth.examples;

import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.mcp.servlet.ProtectedResourceMetadataFilter;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The notes server on a plain servlet container (Jetty 12 ee10) with the MCP SDK adapter only: a
 * metadata filter, the MCP servlet behind {@link McpAuthFilter}, and a REST servlet behind another.
 */
public final class NotesOnServlet implements AutoCloseable {
  private final Server jetty;
  private final McpStatelessSyncServer mcp;
  private final int port;

  /** Starts on 127.0.0.1:{@code port}. */
  public NotesOnServlet(NotesServer notes, int port) throws Exception {
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
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder mcpServlet = new ServletHolder("mcp", transport);
    mcpServlet.setAsyncSupported(true);
    context.addServlet(mcpServlet, "/mcp");
    context.addServlet(
        new ServletHolder(
            "notes",
            new HttpServlet() {
              private static final long serialVersionUID = 1L;

              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.setContentType("application/json");
                response
                    .getOutputStream()
                    .write(notes.notesJson().getBytes(StandardCharsets.UTF_8));
              }
            }),
        "/notes");
    addFilter(context, new ProtectedResourceMetadataFilter(notes.mcpAuth), "/*");
    addFilter(context, McpAuthFilter.builder(notes.gate).build(), "/mcp");
    addFilter(
        context,
        McpAuthFilter.builder(
                notes
                    .mcpAuth
                    .mcpGate(notes.readNotes)
                    // --allowed-origin holds for the REST route as well (a browser's preflight)
                    .allowedOrigins(notes.allowedOrigins.toArray(String[]::new))
                    .build())
            .build(),
        "/notes");
    notes.downstreamAuth.ifPresent(
        downstream -> {
          context.addServlet(
              new ServletHolder(
                  "downstream",
                  new HttpServlet() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected void doGet(HttpServletRequest request, HttpServletResponse response)
                        throws IOException {
                      response.setContentType("application/json");
                      response
                          .getOutputStream()
                          .write(
                              DownstreamApi.whoami(
                                      McpAuthContextExtractor.authInfo(request).orElseThrow())
                                  .getBytes(StandardCharsets.UTF_8));
                    }
                  }),
              DownstreamApi.WHOAMI_PATH);
          addFilter(
              context,
              McpAuthFilter.builder(notes.mcpAuth.mcpGate(downstream).build()).build(),
              DownstreamApi.WHOAMI_PATH);
        });
    jetty.setHandler(context);
    jetty.start();
    this.port = connector.getLocalPort();
  }

  private static void addFilter(
      ServletContextHandler context, jakarta.servlet.Filter filter, String path) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
    mcp.close();
  }
}
