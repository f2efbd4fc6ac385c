package dev.mcpauth.examples;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.Introspection;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpAuthConfigException;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.StoreUnavailableException;
import dev.mcpauth.TokenExchange;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.redis.RedisStores;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The running demo: the notes server on the chosen adapter, plus the embedded authorization server
 * if any.
 */
public final class Demo implements AutoCloseable {
  /** Where every adapter serves the MCP endpoint. */
  static final String MCP_PATH = "/mcp";

  /**
   * The client the demo introspects as at the embedded authorization server (which checks no
   * secret).
   */
  private static final String DEV_INTROSPECTION_CLIENT = "notes-resource";

  /**
   * The client the {@code whoami_downstream} tool exchanges tokens as at the embedded authorization
   * server (which checks no secret); it becomes the exchanged token's {@code act}.
   */
  private static final String DEV_EXCHANGE_CLIENT = "notes-mcp-server:dev-secret";

  private final DemoOptions options;
  private final Optional<DevAuthorizationServer> devServer;
  private final Optional<RedisStores> redis;
  private final NotesServer notes;
  private final AutoCloseable http;
  private final int port;
  private final List<String> warnings;

  private Demo(
      DemoOptions options,
      Optional<DevAuthorizationServer> devServer,
      Optional<RedisStores> redis,
      NotesServer notes,
      AutoCloseable http,
      int port,
      List<String> warnings) {
    this.options = options;
    this.devServer = devServer;
    this.redis = redis;
    this.notes = notes;
    this.http = http;
    this.port = port;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The demo could not start: a one-line message that says what to fix (a port in use, a resource
   * that is not a URL, ...). Whatever had started is closed already.
   */
  public static final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StartFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts everything; the authorization server may be down (requests then get 503 until it is
   * back).
   */
  public static Demo start(DemoOptions options) throws StartFailure {
    return start(options, new AuthServerConfig[0]);
  }

  /** Starts everything, trusting {@code alsoTrusted} as well (tests add their own token issuer). */
  public static Demo start(DemoOptions options, AuthServerConfig... alsoTrusted)
      throws StartFailure {
    String resource = options.resourceOrDefault();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      List<String> warnings = new ArrayList<>(resourcePathWarning(resource));
      Optional<DevAuthorizationServer> dev = Optional.empty();
      AuthServerConfig server;
      if (options.issuer().isPresent()) {
        String issuer = options.issuer().get();
        server =
            options.type().equals("auto")
                ? AuthServerConfig.discover(issuer)
                : AuthServerConfig.discover(
                    issuer,
                    options.type().equals("oauth")
                        ? AuthServerConfig.Type.OAUTH
                        : AuthServerConfig.Type.OIDC);
      } else {
        DevAuthorizationServer as = startDevServer(options, resource);
        started.add(as);
        dev = Optional.of(as);
        server = AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC);
      }
      ResourceServerConfig.Builder config =
          NotesServer.withServers(NotesServer.resource(resource), server)
              .tokenPolicy(tokenPolicy(options));
      NotesServer.withServers(config, alsoTrusted);
      // The downstream API: a resource of its own beside the MCP endpoint, trusting the same
      // servers; Bearer tokens (an exchanged token is not DPoP-bound).
      ResourceServerConfig.Builder downstream =
          NotesServer.withServers(
                  ResourceServerConfig.builder(DownstreamApi.resourceBeside(resource))
                      .resourceName("Downstream API (MCP Auth for Java demo)"),
                  server)
              .tokenPolicy(
                  options.tokenCache()
                      ? TokenPolicy.defaults()
                      : TokenPolicy.builder().noTokenCache().build());
      NotesServer.withServers(downstream, alsoTrusted);
      introspection(options, server.issuer())
          .ifPresent(
              i -> {
                if (options.tokens().equals("opaque")) {
                  config.introspection(i);
                  downstream.introspection(i);
                } else {
                  config.introspectOpaqueTokens(i);
                  downstream.introspectOpaqueTokens(i);
                }
              });
      McpAuth.Builder auth = McpAuth.builder();
      Optional<RedisStores> redis = Optional.empty();
      if (options.store().isPresent()) {
        RedisStores stores = connect(options.store().get());
        started.add(stores);
        redis = Optional.of(stores);
        auth.sharedStore(stores);
        if (options.dpopNonces() && options.nonceSecret().isEmpty()) {
          warnings.add(
              "--dpop-nonces with --store: set "
                  + DemoOptions.NONCE_SECRET_VARIABLE
                  + " (the same on every instance), or each instance refuses the others' nonces");
        }
      }
      NotesServer notes =
          new NotesServer(
              auth,
              config.build(),
              options.allowedOrigins(),
              options.hideTools(),
              Optional.of(downstream.build()),
              tokenExchange(options, server, redis));
      started.add(notes);
      AutoCloseable http;
      int port;
      if (options.adapter().equals("undertow")) {
        NotesOnUndertow undertow = new NotesOnUndertow(notes, options.port());
        http = undertow;
        port = undertow.port();
      } else if (options.adapter().equals("servlet")) {
        NotesOnServlet servlet = new NotesOnServlet(notes, options.port());
        http = servlet;
        port = servlet.port();
      } else {
        NotesOnJavalin javalin = new NotesOnJavalin(notes, options.port());
        http = javalin;
        port = javalin.port();
      }
      return new Demo(options, dev, redis, notes, http, port, warnings);
    } catch (Exception e) {
      Collections.reverse(started);
      for (AutoCloseable c : started) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new StartFailure(explain(e, options), e);
    }
  }

  /** The embedded authorization server; a taken {@code --as-port} is named as such. */
  private static DevAuthorizationServer startDevServer(DemoOptions options, String resource)
      throws IOException {
    try {
      return DevAuthorizationServer.start(
          options.asPort(),
          resource,
          "at+jwt",
          options.tokens().equals("opaque")
              ? DevAuthorizationServer.TokenFormat.OPAQUE
              : DevAuthorizationServer.TokenFormat.JWT);
    } catch (IOException | RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new IllegalArgumentException(
              "port "
                  + options.asPort()
                  + " on 127.0.0.1 (--as-port) is already in use: stop what listens there, or"
                  + " choose another with --as-port");
        }
      }
      throw e;
    }
  }

  private static TokenPolicy tokenPolicy(DemoOptions options) {
    TokenPolicy.Builder policy = TokenPolicy.builder();
    if (!options.tokenCache()) {
      policy.noTokenCache();
    }
    if (!options.allowedClients().isEmpty()) {
      policy.allowedClients(options.allowedClients().toArray(String[]::new));
    }
    options
        .dpop()
        .ifPresent(
            mode -> {
              DpopSettings.Builder dpop = DpopSettings.builder();
              if (options.replayCache()) {
                dpop.replayCheck();
              }
              if (mode.equals("required")) {
                dpop.requiredForEveryToken();
              }
              if (options.dpopNonces()) {
                dpop.nonces();
                options
                    .nonceSecret()
                    .ifPresent(
                        secret -> dpop.nonceSecrets(secret.getBytes(StandardCharsets.UTF_8)));
              }
              policy.dpop(dpop.build());
            });
    return policy.build();
  }

  /**
   * Connects to the Redis of {@code --store}, or fails with one line that names the server but
   * never its password.
   */
  private static RedisStores connect(String url) {
    String where = DemoOptions.redactedStore(url);
    String notRedis =
        "--store "
            + where
            + " is not memory or a Redis URL: redis://[[user]:password@]host[:port][/db]"
            + " (rediss:// for TLS)";
    if (!DemoOptions.isRedisUrl(url)) {
      throw new IllegalArgumentException(notRedis);
    }
    RedisStores.Builder builder;
    try {
      builder = RedisStores.builder(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(notRedis); // not e: Lettuce's message may hold the URL
    }
    try {
      return builder.connect();
    } catch (StoreUnavailableException e) {
      throw new IllegalArgumentException(
          "--store: Redis at "
              + where
              + " is unreachable (or refused the credentials): start it, or fix --store");
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("--store: " + e.getMessage());
    }
  }

  /**
   * The token exchange of the {@code whoami_downstream} tool: at the embedded server as {@value
   * #DEV_EXCHANGE_CLIENT}'s client, at {@code --issuer} with {@code --exchange-client} (none
   * without it: the tool then says how to configure it). With {@code --store} the exchanged tokens
   * are shared by the instances.
   */
  private static Optional<TokenExchange> tokenExchange(
      DemoOptions options, AuthServerConfig server, Optional<RedisStores> redis) {
    Optional<String> client =
        options.issuer().isPresent()
            ? options.exchangeClient()
            : Optional.of(options.exchangeClient().orElse(DEV_EXCHANGE_CLIENT));
    return client.map(
        c -> {
          int colon = c.indexOf(':');
          TokenExchange.Builder exchange =
              TokenExchange.builder(server)
                  .clientSecretBasic(c.substring(0, colon), c.substring(colon + 1));
          redis.ifPresent(exchange::sharedStore);
          return exchange.build();
        });
  }

  private static Optional<Introspection> introspection(DemoOptions options, String issuer) {
    if (options.tokens().equals("jwt")) {
      return Optional.empty();
    }
    String client = options.introspectionClient().orElse(DEV_INTROSPECTION_CLIENT + ":dev-secret");
    int colon = client.indexOf(':');
    return Optional.of(
        Introspection.builder(issuer)
            .clientCredentials(client.substring(0, colon), client.substring(colon + 1))
            .build());
  }

  /**
   * A warning when the resource's path is not where the demo serves MCP. Only the path: behind a
   * reverse proxy or a load balancer the resource's origin legitimately differs from the address
   * the process listens on.
   */
  static List<String> resourcePathWarning(String resource) {
    String path;
    try {
      path = new URI(resource).getRawPath();
    } catch (URISyntaxException e) {
      return List.of(); // McpAuth refuses it with its own message
    }
    if (path == null || path.equals(MCP_PATH)) {
      return List.of();
    }
    return List.of(
        "--resource "
            + resource
            + " has path \""
            + path
            + "\" but this demo serves MCP at "
            + MCP_PATH
            + ": fine behind a proxy that maps one to the other, otherwise clients will not find the server");
  }

  /** One line that says what went wrong and what to do. */
  private static String explain(Exception e, DemoOptions options) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || t.getClass().getSimpleName().endsWith("BindException")) {
        return "port "
            + options.port()
            + " on 127.0.0.1 is already in use: stop what listens there, or choose"
            + " another with --port";
      }
    }
    String message =
        e instanceof McpAuthConfigException || e instanceof IllegalArgumentException
            ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ");
  }

  /** The port the MCP server listens on. */
  public int port() {
    return port;
  }

  /** The resource identifier. */
  public String resource() {
    return options.resourceOrDefault();
  }

  /** Warnings to print at start (the resource's path), each one line. */
  public List<String> warnings() {
    return warnings;
  }

  /** The embedded authorization server, when no external one was given. */
  public Optional<DevAuthorizationServer> devServer() {
    return devServer;
  }

  /** What to print after start: URLs, how to get a token, what to try. */
  public String banner() {
    String base = "http://localhost:" + port;
    String prm = notes.mcpAuth.resourceMetadataUrl(resource());
    StringBuilder b = new StringBuilder();
    b.append("MCP Auth for Java demo, on ").append(options.adapter()).append("\n\n");
    b.append("  MCP endpoint (streamable HTTP): ").append(base).append("/mcp\n");
    b.append("  REST endpoint (needs read:notes): ").append(base).append("/notes\n");
    b.append("  Downstream API (own resource):  ")
        .append(base)
        .append(DownstreamApi.WHOAMI_PATH)
        .append("   (tool whoami_downstream calls it via RFC 8693 token exchange)\n");
    b.append("  Protected Resource Metadata:    ").append(prm).append("\n");
    b.append("  Shared state:                   ")
        .append(
            options
                .store()
                .map(
                    url ->
                        "Redis at "
                            + DemoOptions.redactedStore(url)
                            + " (DPoP proof jtis, introspection results, MCP sessions)")
                .orElse("in memory, this process only (--store redis://... to share it)"))
        .append("\n");
    if (devServer.isPresent()) {
      DevAuthorizationServer dev = devServer.get();
      b.append("  Authorization server:           ")
          .append(dev.issuer())
          .append("   (embedded, FOR DEVELOPMENT ONLY)\n\n");
      b.append("Get a token (any client id and secret work here):\n\n");
      b.append(
              "  TOKEN=$(curl -s -u demo-client:secret -d grant_type=client_credentials -d scope=read:notes \\\n")
          .append("    -d resource=")
          .append(resource())
          .append(" ")
          .append(dev.tokenEndpoint())
          .append(" \\\n    | grep -o '\"access_token\" *: *\"[^\"]*\"' | cut -d'\"' -f4)\n\n");
      b.append(
          "Tokens with acr/roles (RFC 9470 step-up, claim rules): add -d acr=mfa -d roles=notes-admin\n"
              + "  (or -d acr_values=mfa) to that curl; every token carries auth_time (now) and acr (pwd\n"
              + "  unless mfa is asked for). A browser login gets acr=mfa when the authorization request\n"
              + "  has acr_values=mfa, and roles from a roles=... parameter.\n\n");
      b.append(
          "MCP clients with default settings register themselves (dynamic client registration at\n"
              + "  "
              + dev.registrationEndpoint()
              + ", or a client-id metadata document URL as client_id)\n"
              + "  and log in as alice at once, no openid needed. Refresh tokens only with offline_access.\n\n");
    } else {
      b.append("  Authorization server:           ")
          .append(options.issuer().orElseThrow())
          .append("\n\n");
      b.append("Get a token for resource ")
          .append(resource())
          .append(" with scope read:notes from it, as TOKEN.\n\n");
    }
    b.append("Try:\n\n");
    b.append("  curl -i ").append(base).append("/notes\n");
    b.append("      -> 401 and a WWW-Authenticate challenge pointing at the metadata\n");
    b.append("  curl -s ").append(prm).append("\n");
    b.append("      -> the metadata: resource, authorization_servers, scopes_supported\n");
    b.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(base).append("/notes\n");
    b.append("      -> {\"notes\":[...]}\n");
    b.append(
            "  curl -i -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n")
        .append("    -H 'Accept: application/json, text/event-stream' \\\n")
        .append(
            "    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"create_note\",")
        .append("\"arguments\":{\"text\":\"hi\"}}}' ")
        .append(base)
        .append("/mcp\n");
    b.append(
        "      -> 403 insufficient_scope: create_note needs write:notes (ask for scope=\"read:notes write:notes\")\n");
    b.append(mcpCall(base, "resources/read", "{\"uri\":\"notes://1\"}"))
        .append(
            "      -> the first note: the resource template notes://{id} needs read:notes (resources/templates/list)\n");
    b.append(
            mcpCall(
                    base,
                    "prompts/get",
                    "{\"name\":\"draft_note\",\"arguments\":{\"topic\":\"MCP\"}}")
                .replace("curl -s", "curl -i"))
        .append(
            "      -> 403 insufficient_scope: the prompt draft_note needs write:notes, like create_note (prompts/list)\n");
    String toolsList =
        "  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n"
            + "    -H 'Accept: application/json, text/event-stream' \\\n"
            + "    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}' "
            + base
            + "/mcp\n";
    if (options.hideTools()) {
      b.append("\n--hide-tools is on:\n\n")
          .append(toolsList)
          .append(
              "      -> list_notes but no create_note for a read:notes token (a client cannot step up to a hidden tool)\n");
    } else {
      b.append(toolsList)
          .append(
              "      -> every tool, create_note too: calling it is what makes a client step up\n");
    }
    if (!options.allowedOrigins().isEmpty()) {
      b.append("\n--allowed-origin is on: browser requests from ")
          .append(String.join(", ", options.allowedOrigins()))
          .append(" are accepted, any other origin gets 403:\n\n");
      b.append(
              "  curl -i -H 'Origin: https://elsewhere.example' -H \"Authorization: Bearer $TOKEN\" -X POST ")
          .append(base)
          .append("/mcp\n      -> 403 forbidden_origin\n");
    }
    options
        .dpop()
        .ifPresent(
            mode -> {
              b.append("\n--dpop ")
                  .append(mode)
                  .append(" is on: DPoP-bound tokens (RFC 9449) are accepted")
                  .append(
                      mode.equals("required")
                          ? " and Bearer tokens refused"
                          : " besides Bearer tokens")
                  .append(".\n");
              b.append(
                      "  A DPoP client sends a proof (header DPoP) with its token request and, with Authorization: DPoP,\n")
                  .append(
                      "  a fresh proof for each request's method and URL. To try it by hand (dpop-proof keeps a key in KEY):\n\n");
              String firstOk =
                  options.dpopNonces()
                      ? "401 use_dpop_nonce: with --dpop-nonces the proof needs a nonce (below)"
                      : "200";
              b.append(
                  "  KEY=$(mktemp -u); PROOF() { java -jar examples/target/mcpauth-examples.jar dpop-proof \"$KEY\" \"$@\"; }\n");
              if (devServer.isPresent()) {
                DevAuthorizationServer dev = devServer.get();
                b.append("  DTOKEN=$(curl -s -u demo-client:secret -H \"DPoP: $(PROOF POST ")
                    .append(dev.tokenEndpoint())
                    .append(
                        ")\" \\\n    -d grant_type=client_credentials -d scope=read:notes -d resource=")
                    .append(resource())
                    .append(" ")
                    .append(dev.tokenEndpoint())
                    .append(
                        " \\\n    | grep -o '\"access_token\" *: *\"[^\"]*\"' | cut -d'\"' -f4)\n");
                b.append(
                    "      (the embedded server binds the token to KEY: cnf.jkt, token_type DPoP)\n");
              } else {
                b.append(
                    "  DTOKEN=<a DPoP-bound token from your authorization server, requested with a proof from KEY>\n");
              }
              b.append("  curl -i -H \"Authorization: DPoP $DTOKEN\" -H \"DPoP: $(PROOF GET ")
                  .append(base)
                  .append("/notes $DTOKEN)\" ")
                  .append(base)
                  .append("/notes\n      -> ")
                  .append(firstOk)
                  .append("\n");
              b.append("  curl -i -H \"Authorization: DPoP $DTOKEN\" ")
                  .append(base)
                  .append("/notes\n")
                  .append(
                      "      -> 401: a DPoP-bound token is nothing without a proof of its key\n");
              if (mode.equals("required")) {
                b.append("  curl -i -H \"Authorization: Bearer $TOKEN\" ")
                    .append(base)
                    .append("/notes\n")
                    .append("      -> 401: only DPoP-bound tokens are accepted\n");
              }
              if (options.replayCache()) {
                b.append("  --replay-cache is on: send the same proof twice (P=$(PROOF GET ")
                    .append(base)
                    .append("/notes $DTOKEN), then -H \"DPoP: $P\" twice)\n      -> ")
                    .append(options.dpopNonces() ? "(with a nonce) " : "")
                    .append("200, then 401 invalid_dpop_proof\n");
              }
              if (options.dpopNonces()) {
                b.append(
                        "  --dpop-nonces is on: a proof without a nonce gets 401 use_dpop_nonce and a DPoP-Nonce header;\n")
                    .append("  put that nonce in the proofs (valid five to ten minutes):\n\n")
                    .append(
                        "  NONCE=$(curl -si -H \"Authorization: DPoP $DTOKEN\" -H \"DPoP: $(PROOF GET ")
                    .append(base)
                    .append("/notes $DTOKEN)\" ")
                    .append(base)
                    .append(
                        "/notes \\\n    | tr -d '\\r' | sed -n 's/^[Dd][Pp][Oo][Pp]-[Nn]once: //p')\n")
                    .append("  curl -i -H \"Authorization: DPoP $DTOKEN\" -H \"DPoP: $(PROOF GET ")
                    .append(base)
                    .append("/notes $DTOKEN $NONCE)\" ")
                    .append(base)
                    .append("/notes\n      -> 200\n")
                    .append(
                        options.nonceSecret().isPresent()
                            ? "  Nonce secret: from "
                                + DemoOptions.NONCE_SECRET_VARIABLE
                                + ": every instance with the same value accepts these nonces.\n"
                            : "  Nonce secret: random, this process only (set "
                                + DemoOptions.NONCE_SECRET_VARIABLE
                                + " to share it between instances).\n");
              }
            });
    if (!options.tokens().equals("jwt")) {
      b.append("\n--tokens ")
          .append(options.tokens())
          .append(" is on: ")
          .append(
              options.tokens().equals("opaque")
                  ? "every token is checked by RFC 7662 introspection"
                  : "JWTs are verified locally, any other token is checked by RFC 7662 introspection");
      b.append(
              devServer
                  .map(dev -> " at " + dev.introspectionEndpoint())
                  .orElseGet(
                      () -> " at " + options.issuer().orElseThrow() + "'s introspection_endpoint"))
          .append(".\n");
      if (devServer.isPresent()) {
        b.append(
            options.tokens().equals("opaque")
                ? "  The embedded server issues opaque tokens: TOKEN above is one.\n"
                : "  Add -d token_format=opaque to the token request above for an opaque token; JWTs still work.\n");
      }
    }
    if (!options.tokenCache()) {
      b.append(
          "\n--no-token-cache is on: every request verifies its token from scratch (compare the latency).\n");
    }
    options
        .store()
        .ifPresent(
            url ->
                b.append("\n--store is on: DPoP proof jtis, introspection results and MCP sessions")
                    .append(" are kept in Redis at ")
                    .append(DemoOptions.redactedStore(url))
                    .append(".\n")
                    .append(
                        "  Start a second instance with the same --store, --issuer and --resource (and --dpop-nonces secret)\n")
                    .append(
                        "  on another --port: a DPoP proof used at one is refused at the other (--replay-cache), and an\n")
                    .append(
                        "  introspection result cached by one serves the other (--tokens opaque). While Redis is down, a\n")
                    .append("  request that needs it gets 503 with Retry-After.\n"));
    return b.toString();
  }

  /** A curl command that sends one JSON-RPC request with $TOKEN. */
  private static String mcpCall(String base, String method, String params) {
    return "  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n"
        + "    -H 'Accept: application/json, text/event-stream' \\\n"
        + "    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
        + method
        + "\",\"params\":"
        + params
        + "}' "
        + base
        + "/mcp\n";
  }

  @Override
  public void close() throws Exception {
    http.close();
    notes.close();
    if (redis.isPresent()) {
      redis.get().close();
    }
    if (devServer.isPresent()) {
      devServer.get().close();
    }
  }
}
