package dev.mcpauth.acceptance;

import dev.mcpauth.examples.spring.SpringDemo;
import dev.mcpauth.examples.spring.SpringDemoOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Spring demo ({@link SpringDemo}) on one stack: streamable HTTP transport, with sessions. */
final class SpringDemoServer implements ServerUnderTest {
  private final String stack;
  private final List<String> allowedOrigins;
  private final List<String> extraArguments;

  /**
   * The Spring demo on {@code webmvc} or {@code webflux}, allowing browser requests from {@code
   * allowedOrigins} besides the resource's own origin ({@code mcpauth.allowed-origins}).
   */
  SpringDemoServer(String stack, String... allowedOrigins) {
    this(stack, List.of(), allowedOrigins);
  }

  /** The same, with more command-line arguments ({@code --allowed-client ID}, ...). */
  SpringDemoServer(String stack, List<String> extraArguments, String... allowedOrigins) {
    this.stack = stack;
    this.allowedOrigins = List.of(allowedOrigins);
    this.extraArguments = List.copyOf(extraArguments);
  }

  private List<String> arguments(int port) {
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--stack", stack));
    args.addAll(extraArguments);
    return args;
  }

  /**
   * Spring AI 2.0's annotated-method callbacks ({@code @McpResource}, {@code @McpPrompt}) invoke
   * the method reflectively and wrap whatever it throws, even an {@code McpError} meant for the
   * client, into "Error invoking resource method: NAME in BEAN-CLASS" (the wrapped exception is an
   * {@code InvocationTargetException}, so their {@code instanceof McpError} pass-through never
   * matches). It names the application's bean class, no stack trace; MCP Auth does not rewrite
   * JSON-RPC results, so it is listed here rather than hidden.
   */
  @Override
  public List<String> knownUpstreamLeaks() {
    return List.of("Error invoking resource method: ");
  }

  @Override
  public Running start(int port, String alsoTrustedIssuer) throws Exception {
    SpringDemo demo =
        SpringDemo.start(
            SpringDemoOptions.parse(arguments(port)),
            List.of(alsoTrustedIssuer),
            allowedOrigins.isEmpty()
                ? Map.of()
                : Map.of("mcpauth.allowed-origins", String.join(",", allowedOrigins)));
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

  /** {@link SpringDemo#main} on this test's class path. */
  @Override
  public Optional<List<String>> commandLine(int port) {
    List<String> command =
        new ArrayList<>(
            List.of("-cp", System.getProperty("java.class.path"), SpringDemo.class.getName()));
    command.addAll(arguments(port));
    return Optional.of(command);
  }
}
