package dev.mcpauth.examples.spring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Spring demo's command line: every option of the main demo ({@code
 * dev.mcpauth.examples.DemoOptions}) with the same meaning, the same defaults and the same error
 * messages, except {@code --adapter}, whose place {@code --stack} takes.
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
 * @param asPort the port of the embedded authorization server on 127.0.0.1; 0 (the default) for any
 *     free one
 * @param hideTools whether {@code tools/list} hides the tools the caller's token cannot call
 * @param allowedOrigins browser origins allowed besides the resource's own
 * @param dpop {@code allowed} or {@code required} to accept DPoP-bound tokens; empty: Bearer only
 * @param replayCache whether a DPoP proof's {@code jti} may be used only once
 * @param tokens {@code jwt} (default), {@code opaque} (every token introspected) or {@code mixed}
 * @param introspectionClient {@code id:secret} for the introspection endpoint of {@code issuer}
 * @param tokenCache whether verified tokens are remembered (off with {@code --no-token-cache})
 * @param dpopNonces whether DPoP proofs must carry a server nonce (RFC 9449 §9)
 * @param nonceSecret the secret DPoP nonces are derived from, from the environment variable {@value
 *     #NONCE_SECRET_VARIABLE}; empty: a random one per process
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
    int asPort,
    boolean hideTools,
    List<String> allowedOrigins,
    Optional<String> dpop,
    boolean replayCache,
    String tokens,
    Optional<String> introspectionClient,
    boolean tokenCache,
    boolean dpopNonces,
    Optional<String> nonceSecret,
    List<String> allowedClients,
    Optional<String> exchangeClient) {

  /** The environment variable with the DPoP nonce secret shared by every instance (32+ bytes). */
  public static final String NONCE_SECRET_VARIABLE = "MCPAUTH_DPOP_NONCE_SECRET";

  /** Copies the lists. */
  public SpringDemoOptions {
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedClients = List.copyOf(allowedClients);
  }

  /** The options up to {@code --store}; every later one at its default. */
  public SpringDemoOptions(
      int port,
      Optional<String> issuer,
      String type,
      Optional<String> resource,
      String stack,
      Optional<String> store) {
    this(
        port,
        issuer,
        type,
        resource,
        stack,
        store,
        0,
        false,
        List.of(),
        Optional.empty(),
        false,
        "jwt",
        Optional.empty(),
        true,
        false,
        Optional.empty(),
        List.of(),
        Optional.empty());
  }

  /**
   * The options up to {@code --store}, the allowed clients and the token-exchange client; every
   * other one at its default.
   */
  public SpringDemoOptions(
      int port,
      Optional<String> issuer,
      String type,
      Optional<String> resource,
      String stack,
      Optional<String> store,
      List<String> allowedClients,
      Optional<String> exchangeClient) {
    this(
        port,
        issuer,
        type,
        resource,
        stack,
        store,
        0,
        false,
        List.of(),
        Optional.empty(),
        false,
        "jwt",
        Optional.empty(),
        true,
        false,
        Optional.empty(),
        allowedClients,
        exchangeClient);
  }

  /** Every option but {@code --allowed-client} and {@code --exchange-client}: any client, none. */
  public SpringDemoOptions(
      int port,
      Optional<String> issuer,
      String type,
      Optional<String> resource,
      String stack,
      Optional<String> store,
      int asPort,
      boolean hideTools,
      List<String> allowedOrigins,
      Optional<String> dpop,
      boolean replayCache,
      String tokens,
      Optional<String> introspectionClient,
      boolean tokenCache,
      boolean dpopNonces,
      Optional<String> nonceSecret) {
    this(
        port,
        issuer,
        type,
        resource,
        stack,
        store,
        asPort,
        hideTools,
        allowedOrigins,
        dpop,
        replayCache,
        tokens,
        introspectionClient,
        tokenCache,
        dpopNonces,
        nonceSecret,
        List.of(),
        Optional.empty());
  }

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar mcpauth-spring-demo.jar [options]",
          "       java -jar mcpauth-spring-demo.jar conformance --port N [--stack S] (a TEST FIXTURE",
          "         for the MCP conformance suite: conformance --help)",
          "",
          "Starts the notes MCP server (Spring AI on Spring Boot) protected by MCP Auth. Without --issuer it",
          "also starts an embedded development authorization server (FOR DEVELOPMENT ONLY). The options are",
          "the main demo's (mcpauth-examples.jar), with --stack in place of --adapter.",
          "",
          "Options:",
          "  --port N                  port of the MCP server, bound to 127.0.0.1 (default 3001)",
          "  --issuer URL              use this external authorization server instead of the embedded one",
          "  --type oidc|oauth|auto    discovery convention for --issuer (default oidc)",
          "  --resource URL            resource identifier and required token audience",
          "                            (default http://localhost:<port>/mcp)",
          "  --stack webmvc|webflux    Spring WebMVC (Tomcat) or Spring WebFlux (Reactor Netty) (default webmvc)",
          "  --hide-tools              tools/list shows only the tools the caller's token can call. Off by",
          "                            default: a hidden tool cannot be stepped up to",
          "  --allowed-origin URL      also allow browser requests from this origin (repeatable; the",
          "                            resource's own origin is always allowed, any other gets 403)",
          "  --dpop allowed|required   accept DPoP-bound tokens (RFC 9449) besides Bearer, or only them; the",
          "                            embedded authorization server binds a token to the key of the DPoP",
          "                            proof sent with the token request",
          "  --replay-cache            with --dpop: a proof's jti is accepted only once",
          "  --tokens jwt|opaque|mixed access tokens are JWTs verified locally (default), opaque and checked",
          "                            by RFC 7662 introspection, or both (JWTs locally, the rest introspected);",
          "                            the embedded authorization server issues opaque tokens for opaque, and",
          "                            for mixed when the token request has token_format=opaque",
          "  --introspection-client ID:SECRET",
          "                            how the demo authenticates to --issuer's introspection endpoint",
          "                            (needed with --issuer and --tokens opaque|mixed)",
          "  --no-token-cache          verify every token from scratch (no verified-token cache)",
          "  --store memory|URL        where the state several instances share is kept (DPoP proofs,",
          "                            introspection results, MCP session bindings): memory (default) or a",
          "                            redis://HOST:PORT (rediss:// for TLS) URI",
          "  --dpop-nonces             with --dpop: proofs must carry a server nonce (401 use_dpop_nonce with",
          "                            a DPoP-Nonce header first). Instances that share the environment",
          "                            variable "
              + NONCE_SECRET_VARIABLE
              + " (32 bytes or more) accept",
          "                            each other's nonces; without it each process draws its own secret",
          "  --as-port N               port of the embedded authorization server on 127.0.0.1 (default: any",
          "                            free one), so that other applications can trust its issuer",
          "                            http://localhost:N/dev across restarts",
          "  --allowed-client ID       accept only tokens issued to this client (its client_id, else azp);",
          "                            repeatable. A client-id metadata document URL is a client id too.",
          "                            Tokens of other clients get 401 invalid_token. Default: any client",
          "  --exchange-client ID:SECRET",
          "                            how the whoami_downstream tool authenticates to --issuer's token",
          "                            endpoint to exchange the caller's token (RFC 8693) (the embedded",
          "                            authorization server needs none)",
          "  --help                    this text");

  /**
   * Parses arguments, reading the nonce secret from this process's environment.
   *
   * @throws IllegalArgumentException with a message naming the bad argument
   */
  public static SpringDemoOptions parse(List<String> args) {
    return parse(args, System.getenv());
  }

  /**
   * Parses arguments, reading the nonce secret from {@code environment}.
   *
   * @throws IllegalArgumentException with a message naming the bad argument (never the secret)
   */
  public static SpringDemoOptions parse(List<String> args, Map<String, String> environment) {
    Parsed o = new Parsed();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      if (o.flag(arg)) {
        continue;
      }
      o.option(arg, required(arg, value));
      i++;
    }
    return o.build(environment);
  }

  /** The options as they are read, checked together at the end. */
  private static final class Parsed {
    int port = 3001;
    Optional<String> issuer = Optional.empty();
    String type = "oidc";
    Optional<String> resource = Optional.empty();
    String stack = "webmvc";
    Optional<String> store = Optional.empty();
    int asPort = 0;
    boolean hideTools = false;
    List<String> origins = new ArrayList<>();
    Optional<String> dpop = Optional.empty();
    boolean replayCache = false;
    String tokens = "jwt";
    Optional<String> introspectionClient = Optional.empty();
    boolean tokenCache = true;
    boolean dpopNonces = false;
    List<String> allowedClients = new ArrayList<>();
    Optional<String> exchangeClient = Optional.empty();

    /** Reads a flag without a value; false when {@code arg} is not one. */
    boolean flag(String arg) {
      switch (arg) {
        case "--hide-tools" -> hideTools = true;
        case "--replay-cache" -> replayCache = true;
        case "--no-token-cache" -> tokenCache = false;
        case "--dpop-nonces" -> dpopNonces = true;
        default -> {
          return false;
        }
      }
      return true;
    }

    void option(String arg, String value) {
      switch (arg) {
        case "--port" -> port = parsePort(arg, value);
        case "--issuer" -> issuer = Optional.of(value);
        case "--type" -> type = oneOf(arg, value, "oidc", "oauth", "auto");
        case "--resource" -> resource = Optional.of(value);
        case "--stack" -> stack = oneOf(arg, value, "webmvc", "webflux");
        case "--store" -> store = parseStore(value);
        case "--as-port" -> asPort = parsePort(arg, value);
        case "--allowed-origin" -> origins.add(value);
        case "--dpop" -> dpop = Optional.of(oneOf(arg, value, "allowed", "required"));
        case "--tokens" -> tokens = oneOf(arg, value, "jwt", "opaque", "mixed");
        case "--introspection-client" -> introspectionClient = Optional.of(idAndSecret(arg, value));
        case "--allowed-client" -> allowedClients.add(value);
        case "--exchange-client" -> exchangeClient = Optional.of(idAndSecret(arg, value));
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }

    SpringDemoOptions build(Map<String, String> environment) {
      if (replayCache && dpop.isEmpty()) {
        throw new IllegalArgumentException(
            "--replay-cache checks DPoP proofs: add --dpop allowed or --dpop required");
      }
      if (dpopNonces && dpop.isEmpty()) {
        throw new IllegalArgumentException(
            "--dpop-nonces asks DPoP proofs for a nonce: add --dpop allowed or --dpop required");
      }
      Optional<String> nonceSecret = Optional.empty();
      if (dpopNonces) {
        nonceSecret = Optional.ofNullable(environment.get(NONCE_SECRET_VARIABLE));
        if (nonceSecret.isPresent()
            && nonceSecret.get().getBytes(StandardCharsets.UTF_8).length < 32) {
          throw new IllegalArgumentException(
              NONCE_SECRET_VARIABLE
                  + " must have at least 32 bytes, for example: export "
                  + NONCE_SECRET_VARIABLE
                  + "=$(openssl rand -base64 32)");
        }
      }
      if (introspectionClient.isPresent() && tokens.equals("jwt")) {
        throw new IllegalArgumentException(
            "--introspection-client is used only with --tokens opaque or mixed");
      }
      if (issuer.isPresent() && !tokens.equals("jwt") && introspectionClient.isEmpty()) {
        throw new IllegalArgumentException(
            "--tokens " + tokens + " with --issuer needs --introspection-client ID:SECRET");
      }
      if (issuer.isPresent() && asPort != 0) {
        throw new IllegalArgumentException(
            "--as-port is the port of the embedded authorization server; with --issuer there is"
                + " none");
      }
      if (asPort != 0 && asPort == port) {
        throw new IllegalArgumentException(
            "--as-port " + asPort + " is the MCP server's port too: pick another one");
      }
      if (issuer.isEmpty() && introspectionClient.isPresent()) {
        throw new IllegalArgumentException(
            "--introspection-client is for --issuer's introspection endpoint;"
                + " the embedded authorization server needs none");
      }
      return new SpringDemoOptions(
          port,
          issuer,
          type,
          resource,
          stack,
          store,
          asPort,
          hideTools,
          origins,
          dpop,
          replayCache,
          tokens,
          introspectionClient,
          tokenCache,
          dpopNonces,
          nonceSecret,
          allowedClients,
          exchangeClient);
    }
  }

  /** The resource identifier in effect. */
  public String resourceOrDefault() {
    return resource.orElse("http://localhost:" + port + "/mcp");
  }

  /**
   * A printable form: the store's password and the introspection, exchange and nonce secrets are
   * never shown.
   */
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
        + ", tokens="
        + tokens
        + ", dpop="
        + dpop
        + ", allowedClients="
        + allowedClients
        + ", exchangeClient="
        + exchangeClient.map(c -> c.substring(0, c.indexOf(':')) + ":***")
        + "]";
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

  private static String idAndSecret(String option, String value) {
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(option + " must be ID:SECRET");
    }
    return value;
  }

  private static int parsePort(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " must be a number between 0 and 65535: " + value);
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
