package dev.mcpauth.examples.conformance;

import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.javalin.JavalinMcpEndpoint;
import dev.mcpauth.javalin.McpAuthPlugin;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.mcp.servlet.ProtectedResourceMetadataFilter;
import dev.mcpauth.undertow.McpUndertowHandler;
import dev.mcpauth.undertow.ProtectedResourceMetadataHandler;
import io.javalin.Javalin;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.undertow.Handlers;
import io.undertow.Undertow;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * TEST FIXTURE: the MCP conformance suite's reference server ({@link ConformanceFixtures}) at
 * {@code /mcp} on one of the demo's adapters, behind MCP Auth with the SEP-2350 fixture tokens and
 * scopes. Binds 127.0.0.1 only. Javalin and the plain servlet container host the SDK's streamable
 * (session) transport, or its stateless one; Undertow hosts MCP Auth's Undertow transport, which is
 * stateless (the SDK's streamable transport is a servlet, and there is no undertow-servlet for
 * Undertow 2.4).
 */
public final class ConformanceServer implements AutoCloseable {
  /** Usage of the {@code conformance} subcommand. */
  public static final String USAGE =
      """
      Usage: java -jar mcpauth-examples.jar conformance --port N [--resource URL]
                     [--adapter javalin|undertow|servlet] [--transport streamable|stateless]

      TEST FIXTURE for the MCP conformance suite, never a server to deploy: serves the suite's
      reference tools, resources, prompts and completions at /mcp on 127.0.0.1:N, protected by
      MCP Auth. It accepts exactly two fixed opaque tokens (those of the SEP-2350 scenario):
        Bearer mcp-conformance-scope-low    scope mcp:conformance:baseline
        Bearer mcp-conformance-scope-full   every scope below
      and asks per operation for the SEP-2350 scopes (test_simple_text, test://static-text,
      test://template/{id}/data with mcp:conformance:resources:template:{id}, test_simple_prompt).

        --port N        the port on 127.0.0.1 (0: any free port)
        --resource URL  the resource identifier, the URL clients use (default http://localhost:N/mcp);
                        behind the token-adding proxy of e2e/conformance it is the proxy's URL
        --adapter A     javalin (default), undertow or servlet
        --transport T   the SDK transport: streamable (sessions; default on javalin and servlet)
                        or stateless (the only one on undertow; the 2026-07-28 runs use it)
      """;

  private final McpAuth mcpAuth;
  private final AutoCloseable http;
  private final AutoCloseable mcp;
  private final int port;
  private final String adapter;
  private final String resource;
  private final boolean stateless;

  private ConformanceServer(
      McpAuth mcpAuth,
      AutoCloseable http,
      AutoCloseable mcp,
      int port,
      String adapter,
      String resource,
      boolean stateless) {
    this.mcpAuth = mcpAuth;
    this.http = http;
    this.mcp = mcp;
    this.port = port;
    this.adapter = adapter;
    this.resource = resource;
    this.stateless = stateless;
  }

  /** Parsed command line of the {@code conformance} subcommand. */
  public record Options(int port, String resource, String adapter, boolean stateless) {
    /** Parses {@code args} (after the word {@code conformance}). */
    public static Options parse(List<String> args) {
      Integer port = null;
      String resource = null;
      String adapter = "javalin";
      String transport = null;
      for (int i = 0; i < args.size(); i++) {
        String flag = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args.get(++i);
        switch (flag) {
          case "--port" -> {
            try {
              port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--port " + value + " is not a number");
            }
            if (port < 0 || port > 65535) {
              throw new IllegalArgumentException("--port " + value + " is not a port");
            }
          }
          case "--resource" -> resource = value;
          case "--adapter" -> {
            if (!List.of("javalin", "undertow", "servlet").contains(value)) {
              throw new IllegalArgumentException(
                  "--adapter " + value + ": choose javalin, undertow or servlet");
            }
            adapter = value;
          }
          case "--transport" -> {
            if (!List.of("streamable", "stateless").contains(value)) {
              throw new IllegalArgumentException(
                  "--transport " + value + ": choose streamable or stateless");
            }
            transport = value;
          }
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      if (port == null) {
        throw new IllegalArgumentException("--port is required");
      }
      if (adapter.equals("undertow") && "streamable".equals(transport)) {
        throw new IllegalArgumentException(
            "--adapter undertow hosts the stateless transport only (no undertow-servlet for 2.4)");
      }
      boolean stateless =
          transport == null ? adapter.equals("undertow") : transport.equals("stateless");
      return new Options(port, resource, adapter, stateless);
    }
  }

  /** Starts the fixture server as {@code options} say. */
  public static ConformanceServer start(Options options) throws Exception {
    int port = options.port() == 0 ? freePort() : options.port();
    String resource =
        options.resource() == null ? "http://localhost:" + port + "/mcp" : options.resource();
    McpAuth mcpAuth = mcpAuth(resource);
    List<AutoCloseable> started = new ArrayList<>();
    started.add(mcpAuth);
    try {
      McpGate gate =
          ConformanceFixtures.scopes(
                  mcpAuth.mcpGate(mcpAuth.bearerAuth(ConformanceFixtures.BASELINE)))
              .build();
      URI uri = URI.create(resource);
      String origin = uri.getScheme() + "://" + uri.getRawAuthority();
      AutoCloseable http;
      AutoCloseable mcp;
      switch (options.adapter()) {
        case "undertow" -> {
          McpUndertowHandler transport = new McpUndertowHandler(gate);
          mcp = statelessServer(transport)::close;
          started.add(mcp);
          Undertow undertow =
              Undertow.builder()
                  .addHttpListener(port, "127.0.0.1")
                  .setHandler(
                      new ProtectedResourceMetadataHandler(
                          mcpAuth, Handlers.path().addExactPath("/mcp", transport)))
                  .build();
          undertow.start();
          http = undertow::stop;
          port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        }
        case "servlet" -> {
          HttpServlet transport = servletTransport(options.stateless(), origin);
          mcp = servletServer(transport);
          started.add(mcp);
          Server jetty = new Server();
          ServerConnector connector = new ServerConnector(jetty);
          connector.setHost("127.0.0.1");
          connector.setPort(port);
          jetty.addConnector(connector);
          ServletContextHandler context = new ServletContextHandler();
          ServletHolder servlet = new ServletHolder("mcp", transport);
          servlet.setAsyncSupported(true);
          context.addServlet(servlet, "/mcp");
          addFilter(context, new ProtectedResourceMetadataFilter(mcpAuth), "/*");
          addFilter(context, McpAuthFilter.builder(gate).build(), "/mcp");
          jetty.setHandler(context);
          jetty.start();
          http = jetty::stop;
          port = connector.getLocalPort();
        }
        default -> {
          HttpServlet transport = servletTransport(options.stateless(), origin);
          mcp = servletServer(transport);
          started.add(mcp);
          int listen = port;
          Javalin app =
              Javalin.create(
                      config -> {
                        config.jetty.host = "127.0.0.1";
                        config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth));
                        JavalinMcpEndpoint.mount(
                            config, "/mcp", transport, McpAuthFilter.builder(gate).build());
                      })
                  .start(listen);
          http = app::stop;
          port = app.port();
        }
      }
      return new ConformanceServer(
          mcpAuth, http, mcp, port, options.adapter(), resource, options.stateless());
    } catch (Exception | Error e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** MCP Auth for {@code resource} with the fixture authorization server and token verifier. */
  static McpAuth mcpAuth(String resource) {
    return McpAuth.builder()
        .protectedResource(
            ResourceServerConfig.builder(resource)
                .authorizationServer(ConformanceFixtures.authorizationServer())
                .tokenVerifier(ConformanceFixtures.tokenVerifier(resource))
                .scopesSupported(ConformanceFixtures.ALL_SCOPES.toArray(String[]::new))
                .resourceName("MCP conformance fixture (TEST FIXTURE)")
                .build())
        .build();
  }

  /**
   * One of the SDK's servlet transports, refusing browser origins other than the resource's own (a
   * second line behind the gate's origin check).
   */
  private static HttpServlet servletTransport(boolean stateless, String origin) {
    DefaultServerTransportSecurityValidator validator =
        DefaultServerTransportSecurityValidator.builder().allowedOrigins(List.of(origin)).build();
    if (stateless) {
      return HttpServletStatelessServerTransport.builder()
          .messageEndpoint("/mcp")
          .contextExtractor(McpAuthContextExtractor.contextExtractor())
          .httpHeaderValidator(validator)
          .build();
    }
    return HttpServletStreamableServerTransportProvider.builder()
        .mcpEndpoint("/mcp")
        .contextExtractor(McpAuthContextExtractor.contextExtractor())
        .securityValidator(validator)
        .build();
  }

  private static AutoCloseable servletServer(HttpServlet transport) {
    if (transport instanceof HttpServletStatelessServerTransport stateless) {
      return statelessServer(stateless)::close;
    }
    return sessionServer((HttpServletStreamableServerTransportProvider) transport)::close;
  }

  private static McpStatelessSyncServer statelessServer(McpStatelessServerTransport transport) {
    return McpServer.sync(transport)
        .serverInfo("mcpauth-conformance-fixture", "1.0.0")
        .capabilities(ConformanceFixtures.capabilities())
        .tools(ConformanceFixtures.statelessTools())
        .resources(ConformanceFixtures.statelessResources())
        .resourceTemplates(ConformanceFixtures.statelessResourceTemplate())
        .prompts(ConformanceFixtures.statelessPrompts())
        .completions(ConformanceFixtures.statelessCompletion())
        .build();
  }

  private static McpSyncServer sessionServer(
      HttpServletStreamableServerTransportProvider transport) {
    return McpServer.sync(transport)
        .serverInfo("mcpauth-conformance-fixture", "1.0.0")
        .capabilities(ConformanceFixtures.capabilities())
        .tools(ConformanceFixtures.tools())
        .resources(ConformanceFixtures.resources())
        .resourceTemplates(ConformanceFixtures.resourceTemplate())
        .prompts(ConformanceFixtures.prompts())
        .completions(ConformanceFixtures.completion())
        .build();
  }

  private static void addFilter(
      ServletContextHandler context, jakarta.servlet.Filter filter, String path) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** The resource identifier. */
  public String resource() {
    return resource;
  }

  /** What to print after start. */
  public String banner() {
    return "MCP conformance fixture server (TEST FIXTURE, not for deployment), on "
        + adapter
        + (stateless ? " (stateless transport)" : " (streamable transport)")
        + "\n\n  MCP endpoint:  http://127.0.0.1:"
        + port
        + "/mcp   (loopback only)\n  Resource:      "
        + resource
        + "\n  Metadata:      "
        + mcpAuth.resourceMetadataUrl(resource)
        + "\n  Tokens:        Bearer "
        + ConformanceFixtures.LOW_TOKEN
        + " ("
        + ConformanceFixtures.BASELINE
        + "), Bearer "
        + ConformanceFixtures.FULL_TOKEN
        + " (every scope)\n";
  }

  @Override
  public void close() throws Exception {
    http.close();
    mcp.close();
    mcpAuth.close();
  }
}
