package dev.mcpauth.javalin;

import dev.mcpauth.mcp.servlet.McpAuthFilter;
import io.javalin.config.JavalinConfig;
import io.javalin.config.JavalinState;
import io.javalin.http.HandlerType;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supported way to host an MCP Java SDK servlet transport inside Javalin behind MCP Auth.
 *
 * <p>A servlet added through {@code config.jetty.modifyServletContextHandler} bypasses Javalin's
 * {@code before} handlers, so {@link JavalinMcpAuth#bearerAuth} would never run for it and the MCP
 * endpoint would be open. This helper mounts the servlet and an {@link McpAuthFilter} on the same
 * path, both async-supported (the SDK transports are asynchronous), so the two cannot be separated.
 *
 * <pre>{@code
 * Javalin.create(config -> JavalinMcpEndpoint.mount(config, "/mcp", transport, filter));
 * }</pre>
 */
public final class JavalinMcpEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(JavalinMcpEndpoint.class);

  private JavalinMcpEndpoint() {}

  /**
   * Mounts {@code transport} at {@code path} with {@code filter} in front of it.
   *
   * @param config the Javalin configuration being built
   * @param path the servlet path, e.g. {@code /mcp} (must end with the transport's endpoint)
   * @param transport an MCP SDK servlet transport
   * @param filter the MCP Auth filter deciding every request to it
   */
  public static void mount(
      JavalinConfig config, String path, HttpServlet transport, McpAuthFilter filter) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(filter, "filter");
    config.jetty.modifyServletContextHandler(
        handler -> {
          ServletHolder servlet = new ServletHolder("mcp:" + path, transport);
          servlet.setAsyncSupported(true);
          handler.addServlet(servlet, path);
          FilterHolder auth = new FilterHolder(filter);
          auth.setAsyncSupported(true);
          // Javalin's routes, not a servlet filter, serve the metadata: checked below instead
          auth.setInitParameter(McpAuthFilter.METADATA_SERVED_BY, "javalin");
          handler.addFilter(auth, path, EnumSet.of(DispatcherType.REQUEST));
        });
    JavalinState state = config.unsafe;
    config.events.serverStarting(() -> metadataProblem(state, filter).ifPresent(LOG::warn));
  }

  /**
   * Why the metadata URL the gate's challenges name would answer 404 from this Javalin app (no
   * route serves it: the {@link McpAuthPlugin} is missing), with the fix; empty when it is served.
   */
  static Optional<String> metadataProblem(JavalinState state, McpAuthFilter filter) {
    String url = filter.gate().bearerAuth().resourceMetadataUrl();
    String path = URI.create(url).getRawPath();
    if (state.internalRouter.findFirstHttpHandlerEntry(HandlerType.GET, path) != null) {
      return Optional.empty();
    }
    return Optional.of(
        "MCP Auth challenges point clients at "
            + url
            + ", but no route of this Javalin app serves "
            + path
            + ", so clients cannot find the authorization server: register the plugin,"
            + " config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth))");
  }
}
