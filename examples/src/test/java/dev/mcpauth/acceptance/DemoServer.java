package dev.mcpauth.acceptance;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.examples.Demo;
import dev.mcpauth.examples.DemoOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The main demo ({@link Demo}) on one host: stateless MCP transport. */
final class DemoServer implements ServerUnderTest {
  private final String adapter;
  private final List<String> allowedOrigins;
  private final List<String> extraArguments;

  /**
   * The demo on {@code javalin}, {@code undertow} or {@code servlet}, allowing browser requests
   * from {@code allowedOrigins} besides the resource's own origin.
   */
  DemoServer(String adapter, String... allowedOrigins) {
    this(adapter, List.of(), allowedOrigins);
  }

  /** The same, with more command-line arguments ({@code --allowed-client ID}, ...). */
  DemoServer(String adapter, List<String> extraArguments, String... allowedOrigins) {
    this.adapter = adapter;
    this.allowedOrigins = List.of(allowedOrigins);
    this.extraArguments = List.copyOf(extraArguments);
  }

  private List<String> arguments(int port) {
    List<String> args =
        new ArrayList<>(List.of("--port", String.valueOf(port), "--adapter", adapter));
    allowedOrigins.forEach(origin -> args.addAll(List.of("--allowed-origin", origin)));
    args.addAll(extraArguments);
    return args;
  }

  @Override
  public Running start(int port, String alsoTrustedIssuer) throws Exception {
    Demo demo =
        Demo.start(
            DemoOptions.parse(arguments(port)),
            AuthServerConfig.discover(alsoTrustedIssuer, AuthServerConfig.Type.OIDC));
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

  /** {@code dev.mcpauth.examples.Main} (the demo jar's entry point) on this test's class path. */
  @Override
  public Optional<List<String>> commandLine(int port) {
    List<String> command =
        new ArrayList<>(
            List.of("-cp", System.getProperty("java.class.path"), "dev.mcpauth.examples.Main"));
    command.addAll(arguments(port));
    return Optional.of(command);
  }
}
