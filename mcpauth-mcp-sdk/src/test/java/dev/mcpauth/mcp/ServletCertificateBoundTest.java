package dev.mcpauth.mcp;

import dev.mcpauth.McpAuth;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.CertificateBoundContract;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * RFC 8705 over mutual TLS terminated by Jetty 12 (ee10), through {@link McpAuthFilter}: the
 * servlet container's {@code jakarta.servlet.request.X509Certificate} attribute reaches the core.
 */
class ServletCertificateBoundTest extends CertificateBoundContract {
  private Server jetty;

  /** An HTTPS connector on {@code port} that asks (not requires) for a client certificate. */
  static ServerConnector https(Server server, int port, SSLContext tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(tls);
    ssl.setWantClientAuth(true);
    HttpConfiguration config = new HttpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false); // the test connects by IP address: no SNI
    config.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    return connector;
  }

  @Override
  protected void start(int port, McpAuth mcpAuth, SSLContext tls) throws Exception {
    jetty = new Server();
    jetty.addConnector(https(jetty, port, tls));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              private static final long serialVersionUID = 1L;

              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.getWriter().write("ok");
              }
            }),
        "/api");
    context.addFilter(
        new FilterHolder(
            McpAuthFilter.builder(mcpAuth.mcpGate(mcpAuth.bearerAuth()).build()).build()),
        "/api",
        EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(context);
    jetty.start();
  }

  @Override
  protected void stop() throws Exception {
    jetty.stop();
  }
}
