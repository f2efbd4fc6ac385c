package dev.mcpauth.examples.interop;

import com.google.gson.JsonObject;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.McpAuth;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.javalin.JavalinMcpAuth;
import dev.mcpauth.javalin.McpAuthPlugin;
import dev.mcpauth.undertow.BearerAuthHandler;
import dev.mcpauth.undertow.ProtectedResourceMetadataHandler;
import io.javalin.Javalin;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * The Java side of the DPoP interoperability test ({@code e2e/dpop-interop}): two protected
 * resources that accept DPoP-bound access tokens from one real authorization server, on Javalin or
 * on Undertow.
 *
 * <ul>
 *   <li>{@code http://127.0.0.1:PORT/api}: DPoP with a {@code jti} replay check, no nonces; route
 *       {@code GET /api/echo}.
 *   <li>{@code http://127.0.0.1:PORT/nonced}: DPoP with server nonces and a replay check; routes
 *       {@code GET /nonced/a} and {@code GET /nonced/b}, to show a nonce is valid for the whole
 *       resource.
 * </ul>
 *
 * Every route needs the scope {@code mcp:read} and answers JSON naming the route, the client and
 * the token's {@code cnf.jkt}. Both resources' Protected Resource Metadata is served at the RFC
 * 9728 paths.
 *
 * <p>{@code java -cp mcpauth-examples.jar dev.mcpauth.examples.interop.DpopInteropServer --issuer
 * <url> --port <n> --adapter javalin|undertow}; it binds 127.0.0.1 and prints {@link #READY} once
 * it serves.
 */
public final class DpopInteropServer implements AutoCloseable {
  /** The first words of the line printed once the server accepts requests. */
  public static final String READY = "dpop-interop server ready";

  /** The scope every route requires. */
  public static final String SCOPE = "mcp:read";

  private static final String USAGE =
      "Usage: DpopInteropServer --issuer <url> --port <n> --adapter javalin|undertow";

  private final McpAuth mcpAuth;
  private final AutoCloseable server;

  /** One protected route: its path, its verifier and the name it answers with. */
  private record Route(String path, String name, BearerAuth auth) {}

  /** The command line. */
  record Options(String issuer, int port, String adapter) {
    static Options parse(List<String> args) {
      String issuer = null;
      String adapter = null;
      int port = -1;
      for (int i = 0; i < args.size(); i += 2) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("missing value after " + args.get(i));
        }
        String value = args.get(i + 1);
        switch (args.get(i)) {
          case "--issuer" -> issuer = value;
          case "--port" -> port = Integer.parseInt(value);
          case "--adapter" -> adapter = value;
          default -> throw new IllegalArgumentException("unknown option " + args.get(i));
        }
      }
      if (issuer == null
          || port <= 0
          || port > 65535
          || !List.of("javalin", "undertow").contains(adapter)) {
        throw new IllegalArgumentException(
            "--issuer, --port (1-65535) and --adapter javalin|undertow are required");
      }
      return new Options(issuer, port, adapter);
    }
  }

  private DpopInteropServer(Options options) {
    String origin = "http://127.0.0.1:" + options.port();
    String api = origin + "/api";
    String nonced = origin + "/nonced";
    AuthServerConfig as = AuthServerConfig.discover(options.issuer(), AuthServerConfig.Type.OAUTH);
    mcpAuth =
        McpAuth.builder()
            .protectedResource(resource(api, as, DpopSettings.builder().replayCheck().build()))
            .protectedResource(
                resource(nonced, as, DpopSettings.builder().nonces().replayCheck().build()))
            .build();
    BearerAuth apiAuth = routeAuth(api);
    BearerAuth noncedAuth = routeAuth(nonced);
    List<Route> routes =
        List.of(
            new Route("/api/echo", "echo", apiAuth),
            new Route("/nonced/a", "a", noncedAuth),
            new Route("/nonced/b", "b", noncedAuth));
    server =
        options.adapter().equals("javalin")
            ? onJavalin(options.port(), routes)
            : onUndertow(options.port(), routes);
  }

  /** Starts the server; it serves when this returns. */
  public static DpopInteropServer start(String issuer, int port, String adapter) {
    return new DpopInteropServer(
        new Options(
            Objects.requireNonNull(issuer, "issuer"),
            port,
            Objects.requireNonNull(adapter, "adapter")));
  }

  private static ResourceServerConfig resource(
      String identifier, AuthServerConfig as, DpopSettings dpop) {
    return ResourceServerConfig.builder(identifier)
        .authorizationServer(as)
        .scopesSupported(SCOPE)
        .tokenPolicy(TokenPolicy.builder().dpop(dpop).build())
        .build();
  }

  private BearerAuth routeAuth(String resource) {
    return mcpAuth.bearerAuthFor(resource, SCOPE);
  }

  /** What a route answers an authorized caller: enough for the client to check who it was. */
  private static String answer(String route, AuthInfo who) {
    JsonObject json = new JsonObject();
    json.addProperty("route", route);
    json.addProperty("client_id", who.clientId().orElse(""));
    json.addProperty("resource", who.resource().orElse(""));
    Object jkt = who.confirmation().map(cnf -> cnf.get("jkt")).orElse("");
    json.addProperty("jkt", jkt instanceof String thumbprint ? thumbprint : "");
    return json.toString();
  }

  private AutoCloseable onJavalin(int port, List<Route> routes) {
    Javalin app =
        Javalin.create(
                config -> {
                  config.jetty.host = "127.0.0.1";
                  config.registerPlugin(new McpAuthPlugin(plugin -> plugin.mcpAuth = mcpAuth));
                  for (Route route : routes) {
                    config.routes.get(
                        route.path(),
                        JavalinMcpAuth.protect(
                            route.auth(),
                            ctx ->
                                ctx.contentType("application/json")
                                    .result(
                                        answer(
                                            route.name(),
                                            JavalinMcpAuth.authInfo(ctx).orElseThrow()))));
                  }
                })
            .start(port);
    return app::stop;
  }

  private AutoCloseable onUndertow(int port, List<Route> routes) {
    PathHandler paths = Handlers.path();
    for (Route route : routes) {
      paths.addExactPath(
          route.path(),
          new BearerAuthHandler(
              route.auth(),
              exchange -> {
                if (!exchange.getRequestMethod().equals(Methods.GET)) {
                  exchange.setStatusCode(405);
                  exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
                  exchange.endExchange();
                  return;
                }
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                exchange
                    .getResponseSender()
                    .send(answer(route.name(), BearerAuthHandler.authInfo(exchange).orElseThrow()));
              }));
    }
    Undertow undertow =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(new ProtectedResourceMetadataHandler(mcpAuth, paths))
            .build();
    undertow.start();
    return undertow::stop;
  }

  @Override
  public void close() throws Exception {
    server.close();
    mcpAuth.close();
  }

  /** Runs until the JVM stops; prints {@link #READY} once it serves. */
  public static void main(String[] argv) throws Exception {
    System.setProperty(
        "org.jboss.logging.provider", "slf4j"); // Undertow and XNIO log through SLF4J too
    Options options;
    try {
      options = Options.parse(List.of(argv));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    DpopInteropServer server = new DpopInteropServer(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception ignored) {
                    // stopping anyway
                  }
                  stopped.countDown();
                }));
    System.out.println(
        READY
            + " on http://127.0.0.1:"
            + options.port()
            + " (adapter "
            + options.adapter()
            + ", issuer "
            + options.issuer()
            + ")");
    stopped.await();
  }
}
