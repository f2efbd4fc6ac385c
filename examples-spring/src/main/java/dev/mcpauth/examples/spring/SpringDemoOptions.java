package dev.mcpauth.examples.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Spring demo's command line: the main demo's contract ({@code --port}, {@code --issuer},
 * {@code --type}, {@code --resource}, {@code --allowed-client}) plus {@code --stack}.
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
 * @param allowedClients the clients whose tokens are accepted ({@code --allowed-client}); empty:
 *     any client
 * @param exchangeClient {@code id:secret} with which the {@code whoami_downstream} tool exchanges
 *     the caller's token (RFC 8693) at {@code issuer}; the embedded server needs none
 */
public record SpringDemoOptions(
    int port,
    Optional<String> issuer,
    String type,
    Optional<String> resource,
    String stack,
    Optional<String> store,
    List<String> allowedClients,
    Optional<String> exchangeClient) {

  /** Copies the list. */
  public SpringDemoOptions {
    allowedClients = List.copyOf(allowedClients);
  }

  /** The options up to {@code --store}; any client, no token-exchange client. */
  public SpringDemoOptions(
      int port,
      Optional<String> issuer,
      String type,
      Optional<String> resource,
      String stack,
      Optional<String> store) {
    this(port, issuer, type, resource, stack, store, List.of(), Optional.empty());
  }

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
          "  --allowed-client ID       accept only tokens issued to this client (its client_id, else azp);",
          "                            repeatable. A client-id metadata document URL is a client id too.",
          "                            Tokens of other clients get 401 invalid_token. Default: any client",
          "  --exchange-client ID:SECRET",
          "                            how the whoami_downstream tool authenticates to --issuer's token",
          "                            endpoint to exchange the caller's token (RFC 8693) (the embedded",
          "                            authorization server needs none)",
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
    List<String> allowedClients = new ArrayList<>();
    Optional<String> exchangeClient = Optional.empty();
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
        case "--allowed-client" -> allowedClients.add(required(arg, value));
        case "--exchange-client" -> exchangeClient = Optional.of(idAndSecret(arg, value));
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
      i++;
    }
    return new SpringDemoOptions(
        port, issuer, type, resource, stack, store, allowedClients, exchangeClient);
  }

  /** The options, with the store's password and the exchange client's secret redacted. */
  @Override
  public String toString() {
    return "SpringDemoOptions[port="
        + port
        + ", issuer="
        + issuer
        + ", type="
        + type
        + ", resource="
        + resource
        + ", stack="
        + stack
        + ", store="
        + store.map(s -> s.replaceAll("//[^@/]*@", "//***@"))
        + ", allowedClients="
        + allowedClients
        + ", exchangeClient="
        + exchangeClient.map(c -> c.substring(0, c.indexOf(':')) + ":***")
        + "]";
  }

  private static String idAndSecret(String option, String value) {
    String v = required(option, value);
    int colon = v.indexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException(option + " must be ID:SECRET");
    }
    return v;
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
