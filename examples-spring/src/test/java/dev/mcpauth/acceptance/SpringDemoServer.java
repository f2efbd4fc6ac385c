package dev.mcpauth.acceptance;

import dev.mcpauth.examples.spring.SpringDemo;
import dev.mcpauth.examples.spring.SpringDemoOptions;
import java.util.List;

/** The Spring demo ({@link SpringDemo}) on one stack: streamable HTTP transport, with sessions. */
final class SpringDemoServer implements ServerUnderTest {
  private final String stack;

  /** The Spring demo on {@code webmvc} or {@code webflux}. */
  SpringDemoServer(String stack) {
    this.stack = stack;
  }

  @Override
  public Running start(int port, String alsoTrustedIssuer) throws Exception {
    SpringDemo demo =
        SpringDemo.start(
            SpringDemoOptions.parse(List.of("--port", String.valueOf(port), "--stack", stack)),
            alsoTrustedIssuer);
    return new Running() {
      @Override
      public String baseUrl() {
        return "http://localhost:" + demo.port();
      }

      @Override
      public String devTokenEndpoint() {
        return demo.devServer().orElseThrow().tokenEndpoint();
      }

      @Override
      public boolean sessions() {
        return true;
      }

      @Override
      public void close() {
        demo.close();
      }
    };
  }
}
