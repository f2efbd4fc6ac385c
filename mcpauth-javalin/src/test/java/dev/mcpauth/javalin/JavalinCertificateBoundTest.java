package dev.mcpauth.javalin;

import dev.mcpauth.McpAuth;
import dev.mcpauth.testing.CertificateBoundContract;
import io.javalin.Javalin;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * RFC 8705 over mutual TLS terminated by Javalin's Jetty: {@link JavalinMcpAuth#bearerAuth} reads
 * the certificate Jetty reports to the servlet layer.
 */
class JavalinCertificateBoundTest extends CertificateBoundContract {
  private Javalin app;

  @Override
  protected void start(int port, McpAuth mcpAuth, SSLContext tls) {
    app =
        Javalin.create(
                config -> {
                  config.jetty.host = "127.0.0.1";
                  config.jetty.addConnector(
                      (server, http) -> {
                        SslContextFactory.Server ssl = new SslContextFactory.Server();
                        ssl.setSslContext(tls);
                        ssl.setWantClientAuth(true);
                        SecureRequestCustomizer secure = new SecureRequestCustomizer();
                        secure.setSniHostCheck(false); // the test connects by IP address: no SNI
                        http.addCustomizer(secure);
                        ServerConnector connector =
                            new ServerConnector(
                                server,
                                new SslConnectionFactory(ssl, "http/1.1"),
                                new HttpConnectionFactory(http));
                        connector.setHost("127.0.0.1");
                        connector.setPort(port);
                        return connector;
                      });
                  config.routes.before("/api", JavalinMcpAuth.bearerAuth(mcpAuth.bearerAuth()));
                  config.routes.get("/api", ctx -> ctx.result("ok"));
                })
            .start(0);
  }

  @Override
  protected void stop() {
    app.stop();
  }
}
