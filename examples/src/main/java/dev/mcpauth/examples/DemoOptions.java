package dev.mcpauth.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's command line (a stable contract: tests and users script it).
 *
 * @param port port of the MCP server, bound to 127.0.0.1 (default 3001)
 * @param issuer an external authorization server instead of the embedded one
 * @param type discovery convention for {@code issuer}: {@code oidc} (default), {@code oauth} or
 *     {@code auto}
 * @param resource resource identifier and required token audience (default {@code
 *     http://localhost:<port>/mcp})
 * @param adapter {@code javalin} (default), {@code undertow} or {@code servlet}
 * @param hideTools whether {@code tools/list} hides the tools the caller's token cannot call
 * @param allowedOrigins browser origins allowed besides the resource's own
 * @param dpop {@code allowed} or {@code required} to accept DPoP-bound tokens; empty: Bearer only
 * @param replayCache whether a DPoP proof's {@code jti} may be used only once
 * @param tokens {@code jwt} (default), {@code opaque} (every token introspected) or {@code mixed}
 * @param introspectionClient {@code id:secret} for the introspection endpoint of {@code issuer}
 * @param tokenCache whether verified tokens are remembered (off with {@code --no-token-cache})
 * @param store where the shared state lives: empty for this process's memory, else a {@code
 *     redis://} or {@code rediss://} URL
 * @param dpopNonces whether DPoP proofs must carry a server nonce (RFC 9449 §9)
 * @param nonceSecret the secret DPoP nonces are derived from, from the environment variable {@value
 *     #NONCE_SECRET_VARIABLE}; empty: a random one per process
 * @param allowedClients the clients whose tokens are accepted ({@code --allowed-client}); empty:
 *     any client
 * @param exchangeClient {@code id:secret} with which the {@code whoami_downstream} tool exchanges
 *     the caller's token (RFC 8693) at {@code issuer}; the embedded server needs none
 * @param asPort the port of the embedded authorization server on 127.0.0.1; 0 (the default) for any
 *     free one
 */
public record DemoOptions(
    int port,
    Optional<String> issuer,
    String type,
    Optional<String> resource,
    String adapter,
    boolean hideTools,
    List<String> allowedOrigins,
    Optional<String> dpop,
    boolean replayCache,
    String tokens,
    Optional<String> introspectionClient,
    boolean tokenCache,
    Optional<String> store,
    boolean dpopNonces,
    Optional<String> nonceSecret,
    List<String> allowedClients,
    Optional<String> exchangeClient,
    int asPort) {

  /**
   * The environment variable that holds the DPoP nonce secret shared by every instance (at least 32
   * bytes), read with {@code --dpop-nonces}.
   */
  public static final String NONCE_SECRET_VARIABLE = "MCPAUTH_DPOP_NONCE_SECRET";

  /** Copies the lists. */
  public DemoOptions {
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedClients = List.copyOf(allowedClients);
  }

  /**
   * The options up to {@code --dpop-nonces}; any client, no token-exchange client, the embedded
   * authorization server on any port.
   */
  public DemoOptions(
      int port,
      Optional<String> issuer,
      String type,
      Optional<String> resource,
      String adapter,
      boolean hideTools,
      List<String> allowedOrigins,
      Optional<String> dpop,
      boolean replayCache,
      String tokens,
      Optional<String> introspectionClient,
      boolean tokenCache,
      Optional<String> store,
      boolean dpopNonces,
      Optional<String> nonceSecret) {
    this(
        port,
        issuer,
        type,
        resource,
        adapter,
        hideTools,
        allowedOrigins,
        dpop,
        replayCache,
        tokens,
        introspectionClient,
        tokenCache,
        store,
        dpopNonces,
        nonceSecret,
        List.of(),
        Optional.empty(),
        0);
  }

  /** The options up to {@code --exchange-client}; the embedded authorization server on any port. */
  public DemoOptions(
      int port,
      Optional<String> issuer,
      String type,
      Optional<String> resource,
      String adapter,
      boolean hideTools,
      List<String> allowedOrigins,
      Optional<String> dpop,
      boolean replayCache,
      String tokens,
      Optional<String> introspectionClient,
      boolean tokenCache,
      Optional<String> store,
      boolean dpopNonces,
      Optional<String> nonceSecret,
      List<String> allowedClients,
      Optional<String> exchangeClient) {
    this(
        port,
        issuer,
        type,
        resource,
        adapter,
        hideTools,
        allowedOrigins,
        dpop,
        replayCache,
        tokens,
        introspectionClient,
        tokenCache,
        store,
        dpopNonces,
        nonceSecret,
        allowedClients,
        exchangeClient,
        0);
  }

  /**
   * The options up to {@code --dpop-nonces} and the embedded authorization server's port; any
   * client.
   */
  public DemoOptions(
      int port,
      Optional<String> issuer,
      String type,
      Optional<String> resource,
      String adapter,
      boolean hideTools,
      List<String> allowedOrigins,
      Optional<String> dpop,
      boolean replayCache,
      String tokens,
      Optional<String> introspectionClient,
      boolean tokenCache,
      Optional<String> store,
      boolean dpopNonces,
      Optional<String> nonceSecret,
      int asPort) {
    this(
        port,
        issuer,
        type,
        resource,
        adapter,
        hideTools,
        allowedOrigins,
        dpop,
        replayCache,
        tokens,
        introspectionClient,
        tokenCache,
        store,
        dpopNonces,
        nonceSecret,
        List.of(),
        Optional.empty(),
        asPort);
  }

  /** The options up to {@code --no-token-cache}; the store in memory, no DPoP nonces. */
  public DemoOptions(
      int port,
      Optional<String> issuer,
      String type,
      Optional<String> resource,
      String adapter,
      boolean hideTools,
      List<String> allowedOrigins,
      Optional<String> dpop,
      boolean replayCache,
      String tokens,
      Optional<String> introspectionClient,
      boolean tokenCache) {
    this(
        port,
        issuer,
        type,
        resource,
        adapter,
        hideTools,
        allowedOrigins,
        dpop,
        replayCache,
        tokens,
        introspectionClient,
        tokenCache,
        Optional.empty(),
        false,
        Optional.empty());
  }

  /** The original five options; every later one at its default. */
  public DemoOptions(
      int port, Optional<String> issuer, String type, Optional<String> resource, String adapter) {
    this(
        port,
        issuer,
        type,
        resource,
        adapter,
        false,
        List.of(),
        Optional.empty(),
        false,
        "jwt",
        Optional.empty(),
        true);
  }

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar mcpauth-examples.jar [options]",
          "       java -jar mcpauth-examples.jar check-provider <issuer> [--type oidc|oauth|auto]",
          "       java -jar mcpauth-examples.jar dpop-proof KEYFILE METHOD URL [ACCESS_TOKEN [NONCE]]",
          "       java -jar mcpauth-examples.jar conformance --port N [--resource URL] [--adapter A]",
          "         (a TEST FIXTURE for the MCP conformance suite: conformance --help)",
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
          "  --hide-tools              tools/list shows only the tools the caller's token can call. Off by",
          "                            default: a hidden tool cannot be stepped up to (the client never learns",
          "                            it exists, so it never asks for its scope), and a per-user list must",
          "                            never be cached as public",
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
          "  --store memory|URL        where DPoP proof jtis, introspection results and MCP sessions are kept:",
          "                            this process's memory (default), or a Redis 7 / Valkey server shared",
          "                            by several instances, redis://[[user]:password@]host[:port][/db]",
          "                            (rediss:// for TLS)",
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
          "                            endpoint to exchange the caller's token (RFC 8693) for one for the",
          "                            demo's downstream API (the embedded authorization server needs none)",
          "  --help                    this text");

  /**
   * Parses arguments, reading the nonce secret from this process's environment.
   *
   * @throws IllegalArgumentException with a message naming the bad argument
   */
  public static DemoOptions parse(List<String> args) {
    return parse(args, System.getenv());
  }

  /**
   * Parses arguments, reading the nonce secret from {@code environment}.
   *
   * @throws IllegalArgumentException with a message naming the bad argument (never the secret)
   */
  public static DemoOptions parse(List<String> args, Map<String, String> environment) {
    int port = 3001;
    Optional<String> issuer = Optional.empty();
    String type = "oidc";
    Optional<String> resource = Optional.empty();
    String adapter = "javalin";
    boolean hideTools = false;
    List<String> origins = new ArrayList<>();
    Optional<String> dpop = Optional.empty();
    boolean replayCache = false;
    String tokens = "jwt";
    Optional<String> introspectionClient = Optional.empty();
    boolean tokenCache = true;
    Optional<String> store = Optional.empty();
    boolean dpopNonces = false;
    int asPort = 0;
    List<String> allowedClients = new ArrayList<>();
    Optional<String> exchangeClient = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      switch (arg) {
        case "--port":
          port = parsePort(arg, required(arg, value));
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
        case "--hide-tools":
          hideTools = true;
          break;
        case "--allowed-origin":
          origins.add(required(arg, value));
          i++;
          break;
        case "--dpop":
          dpop = Optional.of(oneOf(arg, required(arg, value), "allowed", "required"));
          i++;
          break;
        case "--replay-cache":
          replayCache = true;
          break;
        case "--tokens":
          tokens = oneOf(arg, required(arg, value), "jwt", "opaque", "mixed");
          i++;
          break;
        case "--introspection-client":
          introspectionClient = Optional.of(idAndSecret(arg, required(arg, value)));
          i++;
          break;
        case "--no-token-cache":
          tokenCache = false;
          break;
        case "--store":
          store = store(required(arg, value));
          i++;
          break;
        case "--dpop-nonces":
          dpopNonces = true;
          break;
        case "--as-port":
          asPort = parsePort(arg, required(arg, value));
          i++;
          break;
        case "--allowed-client":
          allowedClients.add(required(arg, value));
          i++;
          break;
        case "--exchange-client":
          exchangeClient = Optional.of(idAndSecret(arg, required(arg, value)));
          i++;
          break;
        default:
          throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
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
          "--as-port is the port of the embedded authorization server; with --issuer there is none");
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
    return new DemoOptions(
        port,
        issuer,
        type,
        resource,
        adapter,
        hideTools,
        origins,
        dpop,
        replayCache,
        tokens,
        introspectionClient,
        tokenCache,
        store,
        dpopNonces,
        nonceSecret,
        allowedClients,
        exchangeClient,
        asPort);
  }

  /**
   * {@code memory} is the default (empty); anything else is the Redis URL, checked at start (a bad
   * one is a start-up failure, like an unreachable server).
   */
  private static Optional<String> store(String value) {
    return value.equals("memory") ? Optional.empty() : Optional.of(value);
  }

  /** Whether {@code url} is a {@code redis://} or {@code rediss://} URL with a host. */
  static boolean isRedisUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("redis") || scheme.equals("rediss")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * The store URL as it may be printed: scheme, host and port, with {@code ***} for any user and
   * password, and nothing else of a URL that does not parse.
   */
  static String redactedStore(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) {
        return "(a URL that does not parse)";
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort() == -1 ? 6379 : uri.getPort();
      return scheme
          + "://"
          + (uri.getRawUserInfo() == null ? "" : "***@")
          + uri.getHost()
          + ":"
          + port
          + (uri.getRawPath() == null ? "" : uri.getRawPath());
    } catch (URISyntaxException e) {
      return "(a URL that does not parse)";
    }
  }

  private static String idAndSecret(String option, String value) {
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(option + " must be ID:SECRET");
    }
    return value;
  }

  /**
   * The options, with the introspection and exchange clients' secrets, the store's password and the
   * nonce secret redacted.
   */
  @Override
  public String toString() {
    return "DemoOptions[port="
        + port
        + ", issuer="
        + issuer
        + ", type="
        + type
        + ", resource="
        + resource
        + ", adapter="
        + adapter
        + ", hideTools="
        + hideTools
        + ", allowedOrigins="
        + allowedOrigins
        + ", dpop="
        + dpop
        + ", replayCache="
        + replayCache
        + ", tokens="
        + tokens
        + ", introspectionClient="
        + introspectionClient.map(c -> c.substring(0, c.indexOf(':')) + ":***")
        + ", tokenCache="
        + tokenCache
        + ", store="
        + store.map(DemoOptions::redactedStore).orElse("memory")
        + ", dpopNonces="
        + dpopNonces
        + ", nonceSecret="
        + nonceSecret.map(s -> "***")
        + ", allowedClients="
        + allowedClients
        + ", exchangeClient="
        + exchangeClient.map(c -> c.substring(0, c.indexOf(':')) + ":***")
        + ", asPort="
        + asPort
        + "]";
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
