package dev.mcpauth.undertow;

import dev.mcpauth.McpAuth;
import dev.mcpauth.testing.CertificateBoundContract;
import io.undertow.Undertow;
import javax.net.ssl.SSLContext;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/** RFC 8705 over mutual TLS terminated by Undertow: {@link BearerAuthHandler}. */
class UndertowCertificateBoundTest extends CertificateBoundContract {
  private Undertow server;

  @Override
  protected void start(int port, McpAuth mcpAuth, SSLContext tls) {
    server =
        Undertow.builder()
            .addHttpsListener(port, "127.0.0.1", tls)
            .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUESTED)
            .setHandler(
                new BearerAuthHandler(
                    mcpAuth.bearerAuth(), exchange -> exchange.getResponseSender().send("ok")))
            .build();
    server.start();
  }

  @Override
  protected void stop() {
    server.stop();
  }
}
