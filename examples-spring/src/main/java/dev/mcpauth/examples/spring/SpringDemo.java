package dev.mcpauth.examples.spring;

import dev.mcpauth.examples.DevAuthorizationServer;
import dev.mcpauth.examples.springconformance.SpringConformance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring demo: the notes server on Spring AI and Spring Boot (WebMVC or WebFlux), protected by
 * {@code mcpauth-spring-boot} through properties only, plus the embedded development authorization
 * server when no {@code --issuer} is given. Same command line, endpoints, tools and scopes as the
 * main demo ({@code mcpauth-examples.jar}).
 */
public final class SpringDemo implements AutoCloseable {
  /** How the demo authenticates to the embedded server's introspection endpoint. */
  private static final String DEV_INTROSPECTION_CLIENT = "notes-resource:dev-secret";

  private final SpringDemoOptions options;
  private final Optional<DevAuthorizationServer> devServer;
  private final ConfigurableApplicationContext app;

  private SpringDemo(
      SpringDemoOptions options,
      Optional<DevAuthorizationServer> devServer,
      ConfigurableApplicationContext app) {
    this.options = options;
    this.devServer = devServer;
    this.app = app;
  }

  /**
   * Starts the demo; the authorization server may be down (requests then get 503 until it is back).
   */
  public static SpringDemo start(SpringDemoOptions options) throws Exception {
    return start(options, new String[0]);
  }

  /**
   * Starts the demo trusting the issuers {@code alsoTrusted} as well (OIDC discovery), as the main
   * demo's {@code Demo.start(options, alsoTrusted...)} does for tests that mint their own tokens.
   */
  public static SpringDemo start(SpringDemoOptions options, String... alsoTrusted)
      throws Exception {
    return start(options, List.of(alsoTrusted), Map.of());
  }

  /**
   * Starts the demo trusting {@code alsoTrusted} as well, with more Spring properties (they win
   * over the demo's own) and more Spring sources (configuration classes, controllers): for load
   * tests that add an unprotected baseline route or turn the token cache off.
   */
  public static SpringDemo start(
      SpringDemoOptions options,
      List<String> alsoTrusted,
      Map<String, Object> moreProperties,
      Class<?>... moreSources)
      throws Exception {
    String resource = options.resourceOrDefault();
    // The embedded authorization server starts alongside Spring (discovery is lazy, so Spring need
    // not wait for it); its port is chosen first because the issuer goes into the properties.
    Optional<CompletableFuture<DevAuthorizationServer>> starting = Optional.empty();
    String issuer;
    if (options.issuer().isPresent()) {
      issuer = options.issuer().get();
    } else {
      int port = options.asPort() != 0 ? options.asPort() : freePort();
      issuer = "http://localhost:" + port + "/" + DevAuthorizationServer.ISSUER_ID;
      starting =
          Optional.of(
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return DevAuthorizationServer.start(
                          port,
                          resource,
                          "at+jwt",
                          options.tokens().equals("opaque")
                              ? DevAuthorizationServer.TokenFormat.OPAQUE
                              : DevAuthorizationServer.TokenFormat.JWT);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }));
    }
    boolean mvc = options.stack().equals("webmvc");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.address", "127.0.0.1");
    p.put("server.port", options.port());
    p.put("spring.main.banner-mode", "off");
    p.put("logging.level.root", "WARN");
    // Spring AI's annotation scanner triggers a harmless bean post-processor warning at every
    // start.
    p.put(
        "logging.level.[org.springframework.context.support.PostProcessorRegistrationDelegate$BeanPostProcessorChecker]",
        "ERROR");
    // the embedded server's client-mistake stack traces (see
    // DevAuthorizationServer.MOCK_ERROR_LOGGER)
    p.put("logging.level." + DevAuthorizationServer.MOCK_ERROR_LOGGER, "OFF");
    p.put("spring.ai.mcp.server.name", "notes");
    p.put("spring.ai.mcp.server.version", "1.0.0");
    p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
    p.put("spring.autoconfigure.exclude", String.join(",", otherStack(mvc ? "webflux" : "webmvc")));
    p.put("mcpauth.resource", resource);
    p.put("mcpauth.authorization-servers[0].issuer", issuer);
    p.put(
        "mcpauth.authorization-servers[0].type",
        options.issuer().isPresent() ? options.type() : "oidc");
    for (int i = 0; i < alsoTrusted.size(); i++) {
      p.put("mcpauth.authorization-servers[" + (i + 1) + "].issuer", alsoTrusted.get(i));
    }
    p.put("mcpauth.scopes-supported", "read:notes,write:notes");
    p.put("mcpauth.required-scopes", "read:notes");
    // like the main demo: every tool listed unless --hide-tools, so clients can step up
    p.put("mcpauth.hide-tools", options.hideTools());
    options.store().ifPresent(url -> p.put("mcpauth.store.url", url));
    p.putAll(optionProperties(options, issuer));
    for (int i = 0; i < options.allowedClients().size(); i++) {
      // indexed: a client id may hold a comma, which a joined list would split
      p.put("mcpauth.allowed-clients[" + i + "]", options.allowedClients().get(i));
    }
    String exchangeClient =
        options
            .exchangeClient()
            // the embedded server checks no secret; with --issuer only an explicit client is used
            .orElse(options.issuer().isEmpty() ? "notes-mcp-server:dev-secret" : "");
    if (!exchangeClient.isEmpty()) {
      int colon = exchangeClient.indexOf(':');
      p.put("mcpauth.token-exchange.client-id", exchangeClient.substring(0, colon));
      p.put("mcpauth.token-exchange.client-secret", exchangeClient.substring(colon + 1));
    }
    p.put("mcpauth.protected-paths[0].pattern", "/notes");
    p.put("mcpauth.protected-paths[0].scopes", "read:notes");
    p.putAll(moreProperties);
    ConfigurableApplicationContext app;
    try {
      app =
          new SpringApplicationBuilder(NotesApplication.class)
              .sources(moreSources)
              .web(mvc ? WebApplicationType.SERVLET : WebApplicationType.REACTIVE)
              .properties(p)
              .run();
    } catch (RuntimeException e) {
      starting.ifPresent(s -> s.thenAccept(DevAuthorizationServer::close));
      throw e;
    }
    try {
      return new SpringDemo(options, starting.map(CompletableFuture::join), app);
    } catch (RuntimeException e) {
      app.close();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new IllegalArgumentException(
              "port "
                  + options.asPort()
                  + " on 127.0.0.1 (--as-port) is already in use: stop what listens there, or"
                  + " choose another with --as-port",
              e);
        }
      }
      throw e;
    }
  }

  /**
   * The {@code mcpauth.*} properties of the options the main demo shares ({@code --allowed-origin},
   * {@code --dpop}, {@code --replay-cache}, {@code --dpop-nonces}, {@code --tokens}, {@code
   * --introspection-client}, {@code --no-token-cache}), with the main demo's meaning.
   */
  static Map<String, Object> optionProperties(SpringDemoOptions options, String issuer) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < options.allowedOrigins().size(); i++) {
      p.put("mcpauth.allowed-origins[" + i + "]", options.allowedOrigins().get(i));
    }
    options
        .dpop()
        .ifPresent(
            mode -> {
              p.put("mcpauth.dpop.enabled", true);
              p.put("mcpauth.dpop.required", mode.equals("required"));
              p.put("mcpauth.dpop.replay-check", options.replayCache());
              p.put("mcpauth.dpop.nonces", options.dpopNonces());
              options.nonceSecret().ifPresent(s -> p.put("mcpauth.dpop.nonce-secrets[0]", s));
            });
    if (!options.tokens().equals("jwt")) {
      // the embedded server introspects for any client that authenticates
      String client = options.introspectionClient().orElse(DEV_INTROSPECTION_CLIENT);
      int colon = client.indexOf(':');
      p.put("mcpauth.introspection.issuer", issuer);
      p.put("mcpauth.introspection.client-id", client.substring(0, colon));
      p.put("mcpauth.introspection.client-secret", client.substring(colon + 1));
      p.put("mcpauth.introspection.every-token", options.tokens().equals("opaque"));
    }
    if (!options.tokenCache()) {
      p.put("mcpauth.cache.enabled", false);
    }
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** Spring AI's MCP server auto-configurations of the stack not in use (the jar carries both). */
  public static List<String> otherStack(String stack) {
    String pkg = "org.springframework.ai.mcp.server." + stack + ".autoconfigure.";
    String name = stack.equals("webmvc") ? "WebMvc" : "WebFlux";
    return List.of(
        pkg + "McpServerStreamableHttp" + name + "AutoConfiguration",
        pkg + "McpServerStateless" + name + "AutoConfiguration",
        pkg + "McpServerSse" + name + "AutoConfiguration");
  }

  /** The port the MCP server listens on. */
  public int port() {
    return Integer.parseInt(
        app.getEnvironment().getProperty("local.server.port", String.valueOf(options.port())));
  }

  /** The embedded development authorization server, when no {@code --issuer} was given. */
  public Optional<DevAuthorizationServer> devServer() {
    return devServer;
  }

  /** What to print after start: URLs, how to get a token, what to try. */
  public String banner() {
    String base = "http://localhost:" + port();
    String resource = options.resourceOrDefault();
    String prm = base + "/.well-known/oauth-protected-resource" + URI.create(resource).getPath();
    StringBuilder b = new StringBuilder();
    b.append("MCP Auth for Java demo, on Spring Boot ").append(options.stack()).append("\n\n");
    b.append("  MCP endpoint (streamable HTTP): ").append(base).append("/mcp\n");
    b.append("  REST endpoint (needs read:notes): ").append(base).append("/notes\n");
    b.append("  Protected Resource Metadata:    ").append(prm).append("\n");
    options
        .store()
        .ifPresent(
            url ->
                b.append("  Shared state (several instances): ")
                    .append(url.replaceAll("//[^@/]*@", "//***@"))
                    .append("\n"));
    if (devServer.isPresent()) {
      DevAuthorizationServer dev = devServer.get();
      b.append("  Authorization server:           ")
          .append(dev.issuer())
          .append("   (embedded, FOR DEVELOPMENT ONLY)\n\n");
      b.append("Get a token (any client id and secret work here):\n\n");
      b.append(
              "  TOKEN=$(curl -s -u demo-client:secret -d grant_type=client_credentials -d scope=read:notes \\\n")
          .append("    -d resource=")
          .append(resource)
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
          .append(resource)
          .append(" with scope read:notes from it, as TOKEN.\n\n");
    }
    b.append("Try:\n\n");
    b.append("  curl -i ").append(base).append("/notes\n");
    b.append("      -> 401 and a WWW-Authenticate challenge pointing at the metadata\n");
    b.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(base).append("/notes\n");
    b.append("      -> {\"notes\":[...]}\n");
    b.append("  resources/read notes://1 over MCP with that token\n");
    b.append("      -> the first note (the resource template notes://{id} needs read:notes)\n");
    b.append("  create_note over MCP with that token\n");
    b.append(
        "      -> 403 insufficient_scope: create_note needs write:notes (ask for scope=\"read:notes write:notes\")\n");
    b.append("  prompts/get draft_note over MCP with that token\n");
    b.append("      -> 403 insufficient_scope as well: the draft_note prompt needs write:notes\n");
    List<String> on = optionsOn(options);
    if (!on.isEmpty()) {
      b.append("\nOn (as in the main demo): ").append(String.join(", ", on)).append("\n");
    }
    return b.toString();
  }

  /** The opt-in options in effect, as they were given. */
  static List<String> optionsOn(SpringDemoOptions options) {
    List<String> on = new ArrayList<>();
    options.dpop().ifPresent(mode -> on.add("--dpop " + mode));
    if (options.replayCache()) {
      on.add("--replay-cache");
    }
    if (options.dpopNonces()) {
      on.add("--dpop-nonces");
    }
    if (!options.tokens().equals("jwt")) {
      on.add("--tokens " + options.tokens());
    }
    if (!options.tokenCache()) {
      on.add("--no-token-cache");
    }
    if (options.hideTools()) {
      on.add("--hide-tools");
    }
    options.allowedOrigins().forEach(o -> on.add("--allowed-origin " + o));
    return on;
  }

  @Override
  public void close() {
    app.close();
    devServer.ifPresent(DevAuthorizationServer::close);
  }

  /** Entry point. */
  public static void main(String[] argv) throws Exception {
    long started = System.nanoTime();
    List<String> args = Arrays.asList(argv);
    if (!args.isEmpty() && args.get(0).equals("conformance")) {
      SpringConformance.main(args.subList(1, args.size()));
      return;
    }
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(SpringDemoOptions.USAGE);
      return;
    }
    SpringDemoOptions options;
    try {
      options = SpringDemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(SpringDemoOptions.USAGE);
      System.exit(2);
      return;
    }
    SpringDemo demo;
    try {
      demo = start(options);
    } catch (IllegalArgumentException e) { // a taken --as-port: one line, no trace
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  stopped.countDown();
                }));
    System.out.println(demo.banner());
    System.out.println(
        "Started in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms.");
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
  }
}
