package dev.mcpauth.examples;

import dev.mcpauth.examples.conformance.ConformanceServer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mcpauth-examples.jar [--help]}: the demo, or {@code check-provider}, {@code
 * dpop-proof}, {@code conformance} (the conformance suite's fixture server).
 */
public final class Main {
  /** The hint printed after a start-up error. */
  static final String USAGE_HINT =
      "Usage: java -jar mcpauth-examples.jar [options]   (--help lists the options)";

  private Main() {}

  /** Entry point. */
  public static void main(String[] argv) throws Exception {
    System.setProperty(
        "org.jboss.logging.provider", "slf4j"); // Undertow and XNIO log through SLF4J too
    List<String> args = Arrays.asList(argv);
    if (!args.isEmpty() && args.get(0).equals("conformance")) {
      conformance(args.subList(1, args.size()));
      return;
    }
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(DemoOptions.USAGE);
      return;
    }
    if (!args.isEmpty() && args.get(0).equals("dpop-proof")) {
      System.exit(DpopProof.run(args.subList(1, args.size()), System.out, System.err));
      return;
    }
    if (!args.isEmpty() && args.get(0).equals("check-provider")) {
      System.exit(checkProvider(args.subList(1, args.size())));
      return;
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    Demo demo;
    try {
      demo = Demo.start(options);
    } catch (Demo.StartFailure e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE_HINT);
      System.exit(1);
      return;
    }
    demo.warnings().forEach(w -> System.err.println("warning: " + w));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    demo.close();
                  } catch (Exception ignored) {
                    // shutting down anyway
                  }
                  stopped.countDown();
                }));
    System.out.println(demo.banner());
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
  }

  /** {@code conformance ...}: the conformance suite's fixture server, until Ctrl+C. */
  private static void conformance(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(ConformanceServer.USAGE);
      return;
    }
    ConformanceServer.Options options;
    try {
      options = ConformanceServer.Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(ConformanceServer.USAGE);
      System.exit(2);
      return;
    }
    ConformanceServer server = ConformanceServer.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception ignored) {
                    // shutting down anyway
                  }
                  stopped.countDown();
                }));
    System.out.println(server.banner());
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
  }

  private static int checkProvider(List<String> args) {
    if (args.isEmpty() || args.get(0).startsWith("--")) {
      System.err.println(
          "Usage: java -jar mcpauth-examples.jar check-provider <issuer> [--type oidc|oauth|auto]");
      return 2;
    }
    String type = "auto";
    if (args.size() == 3
        && args.get(1).equals("--type")
        && List.of("oidc", "oauth", "auto").contains(args.get(2))) {
      type = args.get(2);
    } else if (args.size() != 1) {
      System.err.println(
          "Usage: java -jar mcpauth-examples.jar check-provider <issuer> [--type oidc|oauth|auto]");
      return 2;
    }
    return CheckProvider.run(args.get(0), type, System.out);
  }
}
