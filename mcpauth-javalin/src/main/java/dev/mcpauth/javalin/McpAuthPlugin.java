package dev.mcpauth.javalin;

import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpAuth;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.plugin.Plugin;
import java.util.List;
import java.util.function.Consumer;

/**
 * Serves the Protected Resource Metadata of every resource configured on an {@link McpAuth}, at the
 * RFC 9728 paths, through {@link McpAuth#metadataFor(String, String)}: GET, HEAD, OPTIONS (CORS
 * preflight) and 405 for other methods (the peers' {@code protectedResourceMetadataRouter()}).
 *
 * <pre>{@code
 * Javalin.create(config -> config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth)));
 * }</pre>
 */
public final class McpAuthPlugin extends Plugin<McpAuthPlugin.Config> {

  /** Configuration: the {@link McpAuth} whose metadata to serve. */
  public static final class Config {
    /** Required: the configured MCP Auth instance. */
    public McpAuth mcpAuth;
  }

  private static final List<HandlerType> METHODS =
      List.of(
          HandlerType.GET,
          HandlerType.HEAD,
          HandlerType.OPTIONS,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE);

  /** A plugin configured by {@code userConfig}. */
  public McpAuthPlugin(Consumer<Config> userConfig) {
    super(userConfig, new Config());
  }

  @Override
  public void onInitialize(JavalinState state) {
    McpAuth mcpAuth = pluginConfig.mcpAuth;
    if (mcpAuth == null) {
      throw new IllegalStateException(
          "McpAuthPlugin needs an McpAuth: "
              + "config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth))");
    }
    for (String path : mcpAuth.metadataPaths()) {
      for (HandlerType method : METHODS) {
        state.routes.addHttpHandler(method, path, ctx -> serve(mcpAuth, ctx));
      }
    }
  }

  private static void serve(McpAuth mcpAuth, Context ctx) {
    // Javalin also routes /.../mcp/ here (it ignores trailing slashes); that is not a metadata
    // path: 404.
    HttpResponse response =
        mcpAuth.metadataFor(ctx.method().name(), ctx.path()).orElseGet(HttpResponse::notFound);
    JavalinMcpAuth.write(ctx, response.status(), response.headers(), response.body());
  }

  @Override
  public String name() {
    return "McpAuthPlugin";
  }
}
