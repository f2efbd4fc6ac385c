package dev.mcpauth.acceptance;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerType;
import dev.mcpauth.examples.Demo;
import dev.mcpauth.examples.DemoOptions;
import java.util.List;

/** The main demo ({@link Demo}) on one host: stateless MCP transport. */
final class DemoServer implements ServerUnderTest {
  private final String adapter;

  /** The demo on {@code javalin}, {@code undertow} or {@code servlet}. */
  DemoServer(String adapter) {
    this.adapter = adapter;
  }

  @Override
  public Running start(int port, String alsoTrustedIssuer) throws Exception {
    Demo demo =
        Demo.start(
            DemoOptions.parse(List.of("--port", String.valueOf(port), "--adapter", adapter)),
            AuthServerConfig.discover(alsoTrustedIssuer, AuthServerType.OIDC));
    return new Running() {
      @Override
      public String baseUrl() {
        return "http://localhost:" + port;
      }

      @Override
      public String devTokenEndpoint() {
        return demo.devServer().orElseThrow().tokenEndpoint();
      }

      @Override
      public boolean sessions() {
        return false;
      }

      @Override
      public void close() throws Exception {
        demo.close();
      }
    };
  }
}
