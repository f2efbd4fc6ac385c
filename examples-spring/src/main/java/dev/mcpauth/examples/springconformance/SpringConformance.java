package dev.mcpauth.examples.springconformance;

import dev.mcpauth.examples.conformance.ConformanceFixtures;
import dev.mcpauth.examples.spring.SpringDemo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * TEST FIXTURE: {@code java -jar mcpauth-spring-demo.jar conformance ...}, the MCP conformance
 * suite's fixture server on Spring AI (WebMVC or WebFlux), bound to 127.0.0.1.
 */
public final class SpringConformance implements AutoCloseable {
  /** Usage of the {@code conformance} subcommand. */
  public static final String USAGE =
      """
      Usage: java -jar mcpauth-spring-demo.jar conformance --port N [--resource URL]
                     [--stack webmvc|webflux] [--transport streamable|stateless]

      TEST FIXTURE for the MCP conformance suite, never a server to deploy: serves the suite's
      reference tools, resources, prompts and completions at /mcp on 127.0.0.1:N (Spring AI MCP
      server), protected by MCP Auth. It accepts exactly two fixed opaque tokens (SEP-2350):
        Bearer mcp-conformance-scope-low    scope mcp:conformance:baseline
        Bearer mcp-conformance-scope-full   every scope of the scenario
      and asks per operation for the SEP-2350 scopes (test_simple_text, test://static-text,
      test://template/{id}/data with mcp:conformance:resources:template:{id}, test_simple_prompt).

        --port N        the port on 127.0.0.1 (0: any free port)
        --resource URL  the resource identifier, the URL clients use (default http://localhost:N/mcp);
                        behind the token-adding proxy of e2e/conformance it is the proxy's URL
        --stack S       webmvc (default) or webflux
        --transport T   streamable (sessions, default) or stateless (the 2026-07-28 runs use it)
      """;

  private final ConfigurableApplicationContext app;
  private final String stack;
  private final boolean stateless;
  private final String resource;

  private SpringConformance(
      ConfigurableApplicationContext app, String stack, boolean stateless, String resource) {
    this.app = app;
    this.stack = stack;
    this.stateless = stateless;
    this.resource = resource;
  }

  /** Starts the fixture server. */
  public static SpringConformance start(
      int port, String resource, String stack, boolean stateless) {
    boolean mvc = stack.equals("webmvc");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.address", "127.0.0.1");
    p.put("server.port", port);
    p.put("spring.main.banner-mode", "off");
    p.put("logging.level.root", "WARN");
    p.put(
        "logging.level.[org.springframework.context.support.PostProcessorRegistrationDelegate$BeanPostProcessorChecker]",
        "ERROR");
    p.put("spring.ai.mcp.server.name", "mcpauth-conformance-fixture");
    p.put("spring.ai.mcp.server.version", "1.0.0");
    p.put("spring.ai.mcp.server.protocol", stateless ? "STATELESS" : "STREAMABLE");
    p.put("spring.ai.mcp.server.capabilities.completion", true);
    p.put(
        "spring.autoconfigure.exclude",
        String.join(",", SpringDemo.otherStack(mvc ? "webflux" : "webmvc")));
    p.put("mcpauth.resource", resource);
    p.put("mcpauth.required-scopes", ConformanceFixtures.BASELINE);
    p.put("mcpauth.hide-tools", false);
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(ConformanceApplication.class)
            .web(mvc ? WebApplicationType.SERVLET : WebApplicationType.REACTIVE)
            .properties(p)
            .run();
    return new SpringConformance(app, stack, stateless, resource);
  }

  /** The port it listens on. */
  public int port() {
    return Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));
  }

  /** What to print after start. */
  public String banner() {
    return "MCP conformance fixture server (TEST FIXTURE, not for deployment), on Spring "
        + stack
        + (stateless ? " (stateless transport)" : " (streamable transport)")
        + "\n\n  MCP endpoint:  http://127.0.0.1:"
        + port()
        + "/mcp   (loopback only)\n  Resource:      "
        + resource
        + "\n  Tokens:        Bearer "
        + ConformanceFixtures.LOW_TOKEN
        + " ("
        + ConformanceFixtures.BASELINE
        + "), Bearer "
        + ConformanceFixtures.FULL_TOKEN
        + " (every scope)\n";
  }

  @Override
  public void close() {
    app.close();
  }

  /** {@code conformance [options]}: runs until Ctrl+C; exit status 2 on a bad option. */
  public static void main(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    Integer port = null;
    String resource = null;
    String stack = "webmvc";
    boolean stateless = false;
    try {
      for (int i = 0; i < args.size(); i++) {
        String flag = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args.get(++i);
        switch (flag) {
          case "--port" -> port = Integer.parseInt(value);
          case "--resource" -> resource = value;
          case "--stack" -> {
            if (!List.of("webmvc", "webflux").contains(value)) {
              throw new IllegalArgumentException("--stack " + value + ": choose webmvc or webflux");
            }
            stack = value;
          }
          case "--transport" -> {
            if (!List.of("streamable", "stateless").contains(value)) {
              throw new IllegalArgumentException(
                  "--transport " + value + ": choose streamable or stateless");
            }
            stateless = value.equals("stateless");
          }
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      if (port == null || port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port N (0 to 65535) is required");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (port == 0) {
      try (java.net.ServerSocket socket =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
        port = socket.getLocalPort();
      }
    }
    SpringConformance server =
        start(
            port,
            resource == null ? "http://localhost:" + port + "/mcp" : resource,
            stack,
            stateless);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    System.out.println(server.banner());
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
  }
}
