package dev.mcpauth.spring.webmvc;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpGate;
import dev.mcpauth.spring.McpTransportRoutes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Which requests are MCP requests on WebMVC, answered by the MCP transports' own router functions:
 * a request is MCP exactly when one of them routes it, so every spelling Spring resolves to the
 * transport ({@code /%6Dcp}, {@code /mcp;x=1}, a renamed endpoint) goes through the gate, and no
 * copy of the endpoint's path exists to fall out of step.
 *
 * <p>{@link #backstop()} is attached to the transports' routes themselves: a request that reaches a
 * transport without the gate's decision (an internal forward, another filter rewriting the path) is
 * refused with 500, never served. Thread-safe.
 */
public final class WebMvcMcpRoutes implements McpTransportRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebMvcMcpRoutes.class);

  private final List<Object> transports = new ArrayList<>();
  private final List<RouterFunction<?>> routers = new CopyOnWriteArrayList<>();
  private final List<String> descriptions = new ArrayList<>();

  /** No transport yet: {@link #add} each. */
  public WebMvcMcpRoutes() {}

  /**
   * Recognises the requests {@code router} routes as requests to {@code transport}. Called while
   * the bean is built, before any request.
   */
  public synchronized WebMvcMcpRoutes add(Object transport, RouterFunction<?> router) {
    transports.add(Objects.requireNonNull(transport, "transport"));
    routers.add(Objects.requireNonNull(router, "router"));
    descriptions.add(transport.getClass().getSimpleName() + " " + router);
    return this;
  }

  @Override
  public synchronized boolean covers(Object transport) {
    return transports.stream().anyMatch(t -> t == transport);
  }

  /**
   * Whether {@code request} is for an MCP transport (asked before any body byte is read): a
   * transport routes it, or would route the same path with one of the MCP methods (GET, POST,
   * DELETE). So any method on the endpoint ({@code PUT}, {@code PATCH}, ...) meets the gate and
   * needs a token, as on every other stack, rather than falling through to the application.
   */
  public boolean serves(HttpServletRequest request) {
    if (routers.isEmpty()) {
      return false;
    }
    if (routes(request)) {
      return true;
    }
    for (String method : MCP_METHODS) {
      if (!method.equals(request.getMethod()) && routes(withMethod(request, method))) {
        return true;
      }
    }
    return false;
  }

  private static final List<String> MCP_METHODS = List.of("POST", "GET", "DELETE");

  private boolean routes(HttpServletRequest request) {
    ServerRequest candidate = ServerRequest.create(request, List.of());
    for (RouterFunction<?> router : routers) {
      if (router.route(candidate).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static HttpServletRequest withMethod(HttpServletRequest request, String method) {
    return new jakarta.servlet.http.HttpServletRequestWrapper(request) {
      @Override
      public String getMethod() {
        return method;
      }
    };
  }

  @Override
  public synchronized List<String> transports() {
    return List.copyOf(descriptions);
  }

  /**
   * A filter for a transport's own routes: passes what the gate forwarded (its {@link AuthInfo} is
   * on the request), refuses anything else with a plain 500.
   */
  public static HandlerFilterFunction<ServerResponse, ServerResponse> backstop() {
    AtomicBoolean logged = new AtomicBoolean();
    return (request, next) -> {
      if (request.attribute(AuthInfo.KEY).orElse(null) instanceof AuthInfo) {
        return next.handle(request);
      }
      if (logged.compareAndSet(false, true)) {
        LOG.error(
            "a request reached the MCP transport ({} {}) without MCP Auth's decision and was"
                + " refused; is McpAuthServletFilter registered for it (a FORWARD or ERROR"
                + " dispatch, or a filter that rewrites the path before it)?",
            request.method(),
            request.requestPath().value());
      }
      HttpResponse refusal = McpGate.transportError(500);
      ServerResponse.BodyBuilder response =
          ServerResponse.status(HttpStatusCode.valueOf(refusal.status()));
      refusal.headers().forEach(response::header);
      return response.body(refusal.body());
    };
  }

  /** Wraps {@code router} with {@link #backstop()}. */
  @SuppressWarnings("unchecked")
  static RouterFunction<ServerResponse> guarded(RouterFunction<?> router) {
    return ((RouterFunction<ServerResponse>) Objects.requireNonNull(router, "router"))
        .filter(backstop());
  }
}
