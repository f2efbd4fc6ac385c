package dev.mcpauth.examples;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's command line (a stable contract: tests and users script it).
 *
 * @param port port of the MCP server, bound to 127.0.0.1 (default 3001)
 * @param issuer an external authorization server instead of the embedded one
 * @param type discovery convention for {@code issuer}: {@code oidc} (default), {@code oauth} or {@code auto}
 * @param resource resource identifier and required token audience (default {@code http://localhost:<port>/mcp})
 * @param adapter {@code javalin} (default), {@code undertow} or {@code servlet}
 */
public record DemoOptions(int port, Optional<String> issuer, String type, Optional<String> resource, String adapter) {

  static final String USAGE = String.join("\n",
      "Usage: java -jar mcpauth-examples.jar [options]",
      "       java -jar mcpauth-examples.jar check-provider <issuer> [--type oidc|oauth|auto]",
      "",
      "Starts the notes MCP server protected by MCP Auth. Without --issuer it also starts an embedded",
      "development authorization server (FOR DEVELOPMENT ONLY).",
      "",
      "Options:",
      "  --port N                  port of the MCP server, bound to 127.0.0.1 (default 3001)",
      "  --issuer URL              use this external authorization server instead of the embedded one",
      "  --type oidc|oauth|auto    discovery convention for --issuer (default oidc)",
      "  --resource URL            resource identifier and required token audience",
      "                            (default http://localhost:<port>/mcp)",
      "  --adapter javalin|undertow|servlet",
      "                            which HTTP stack hosts the server (default javalin; servlet is",
      "                            plain Jetty with the MCP SDK adapter only)",
      "  --help                    this text");

  /**
   * Parses arguments.
   *
   * @throws IllegalArgumentException with a message naming the bad argument
   */
  public static DemoOptions parse(List<String> args) {
    int port = 3001;
    Optional<String> issuer = Optional.empty();
    String type = "oidc";
    Optional<String> resource = Optional.empty();
    String adapter = "javalin";
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      switch (arg) {
        case "--port":
          port = parsePort(required(arg, value));
          i++;
          break;
        case "--issuer":
          issuer = Optional.of(required(arg, value));
          i++;
          break;
        case "--type":
          type = oneOf(arg, required(arg, value), "oidc", "oauth", "auto");
          i++;
          break;
        case "--resource":
          resource = Optional.of(required(arg, value));
          i++;
          break;
        case "--adapter":
          adapter = oneOf(arg, required(arg, value), "javalin", "undertow", "servlet");
          i++;
          break;
        default:
          throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    return new DemoOptions(port, issuer, type, resource, adapter);
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
      throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) + ": " + value);
    }
    return v;
  }
}
