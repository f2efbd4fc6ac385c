package dev.mcpauth.mcp;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A Jetty server on a free loopback port, bound before the MCP transport is built (the resource URL
 * needs the port), started once a servlet and its filters are mounted.
 */
final class LoopbackJetty implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final ServletContextHandler context = new ServletContextHandler();

  LoopbackJetty() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    connector.open();
    server.setHandler(context);
  }

  /** {@code http://127.0.0.1:<port>}. */
  String base() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  /** {@code 127.0.0.1:<port>}, as a Host header names it. */
  String hostAndPort() {
    return "127.0.0.1:" + connector.getLocalPort();
  }

  /** Mounts an async servlet at every one of {@code paths}. */
  LoopbackJetty servlet(Servlet servlet, String... paths) {
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    for (String path : paths) {
      context.getServletHandler().addServletWithMapping(holder, path);
    }
    return this;
  }

  /** Puts an async filter in front of requests to {@code path}. */
  LoopbackJetty filter(Filter filter, String path) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
    return this;
  }

  /** Starts serving. */
  LoopbackJetty start() throws Exception {
    server.start();
    return this;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
