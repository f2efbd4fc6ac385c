package dev.mcpauth.examples.spring;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Spring demo's command line: the main demo's contract ({@code --port}, {@code --issuer},
 * {@code --type}, {@code --resource}) plus {@code --stack}.
 *
 * @param port port of the MCP server, bound to 127.0.0.1 (default 3001)
 * @param issuer an external authorization server instead of the embedded one
 * @param type discovery convention for {@code issuer}: {@code oidc} (default), {@code oauth} or
 *     {@code auto}
 * @param resource resource identifier and required token audience (default {@code
 *     http://localhost:<port>/mcp})
 * @param stack {@code webmvc} (default) or {@code webflux}
 * @param store a Redis URI for the state shared by several instances (DPoP jtis, introspection
 *     results, MCP session bindings); empty: in memory
 */
public record SpringDemoOptions(
    int port,
    Optional<String> issuer,
    String type,
    Optional<String> resource,
    String stack,
    Optional<String> store) {

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar mcpauth-spring-demo.jar [options]",
          "       java -jar mcpauth-spring-demo.jar conformance --port N [--stack S] (a TEST FIXTURE",
          "         for the MCP conformance suite: conformance --help)",
          "",
          "Starts the notes MCP server (Spring AI on Spring Boot) protected by MCP Auth. Without --issuer it",
          "also starts an embedded development authorization server (FOR DEVELOPMENT ONLY).",
          "",
          "Options:",
          "  --port N                  port of the MCP server, bound to 127.0.0.1 (default 3001)",
          "  --issuer URL              use this external authorization server instead of the embedded one",
          "  --type oidc|oauth|auto    discovery convention for --issuer (default oidc)",
          "  --resource URL            resource identifier and required token audience",
          "                            (default http://localhost:<port>/mcp)",
          "  --stack webmvc|webflux    Spring WebMVC (Tomcat) or Spring WebFlux (Reactor Netty) (default webmvc)",
          "  --store memory|URL        where the state several instances share is kept (DPoP proofs,",
          "                            introspection results, MCP session bindings): memory (default) or a",
          "                            redis://HOST:PORT (rediss:// for TLS) URI",
          "  --help                    this text");

  /**
   * Parses arguments.
   *
   * @throws IllegalArgumentException with a message naming the bad argument
   */
  public static SpringDemoOptions parse(List<String> args) {
    int port = 3001;
    Optional<String> issuer = Optional.empty();
    String type = "oidc";
    Optional<String> resource = Optional.empty();
    String stack = "webmvc";
    Optional<String> store = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      switch (arg) {
        case "--port" -> port = parsePort(required(arg, value));
        case "--issuer" -> issuer = Optional.of(required(arg, value));
        case "--type" -> type = oneOf(arg, required(arg, value), "oidc", "oauth", "auto");
        case "--resource" -> resource = Optional.of(required(arg, value));
        case "--stack" -> stack = oneOf(arg, required(arg, value), "webmvc", "webflux");
        case "--store" -> store = parseStore(required(arg, value));
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
      i++;
    }
    return new SpringDemoOptions(port, issuer, type, resource, stack, store);
  }

  /** The resource identifier in effect. */
  public String resourceOrDefault() {
    return resource.orElse("http://localhost:" + port + "/mcp");
  }

  private static String required(String option, String value) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** {@code memory} (empty) or a Redis URI; a refused value is echoed without its password. */
  private static Optional<String> parseStore(String value) {
    if (value.equals("memory")) {
      return Optional.empty();
    }
    if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
      throw new IllegalArgumentException(
          "--store must be memory or a redis:// or rediss:// URI: "
              + value.replaceAll("//[^@/]*@", "//***@"));
    }
    return Optional.of(value);
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number between 0 and 65535: " + value);
    }
  }

  private static String oneOf(String option, String value, String... allowed) {
    String v = value.toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(v)) {
      throw new IllegalArgumentException(
          option + " must be one of " + String.join(", ", allowed) + ": " + value);
    }
    return v;
  }
}
