package dev.mcpauth.spring.webflux;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpGate;
import dev.mcpauth.spring.McpTransportRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which requests are MCP requests on WebFlux, answered by the MCP transports' own router functions:
 * a request is MCP exactly when one of them routes it, so every spelling Spring resolves to the
 * transport ({@code /%6Dcp}, {@code /mcp;x=1}, a renamed endpoint) goes through the gate, and no
 * copy of the endpoint's path exists to fall out of step.
 *
 * <p>{@link #backstop()} is attached to the transports' routes themselves: a request that reaches a
 * transport without the gate's decision is refused with 500, never served. Thread-safe.
 */
public final class WebFluxMcpRoutes implements McpTransportRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebFluxMcpRoutes.class);

  private final List<Object> transports = new ArrayList<>();
  private final List<RouterFunction<?>> routers = new CopyOnWriteArrayList<>();
  private final List<String> descriptions = new ArrayList<>();

  /** No transport yet: {@link #add} each. */
  public WebFluxMcpRoutes() {}

  /**
   * Recognises the requests {@code router} routes as requests to {@code transport}. Called while
   * the bean is built, before any request.
   */
  public synchronized WebFluxMcpRoutes add(Object transport, RouterFunction<?> router) {
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
   * Whether the exchange's request is for an MCP transport (no body byte is read): a transport
   * routes it, or would route the same path with one of the MCP methods (GET, POST, DELETE). So any
   * method on the endpoint ({@code PUT}, {@code PATCH}, ...) meets the gate and needs a token, as
   * on every other stack, rather than falling through to the application.
   */
  public Mono<Boolean> serves(ServerWebExchange exchange) {
    if (routers.isEmpty()) {
      return Mono.just(false);
    }
    return Flux.concat(
            Flux.just(exchange),
            Flux.fromIterable(List.of(HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE))
                .filter(m -> !m.equals(exchange.getRequest().getMethod()))
                .map(m -> exchange.mutate().request(r -> r.method(m)).build()))
        .concatMap(this::routes)
        .any(Boolean::booleanValue);
  }

  private Mono<Boolean> routes(ServerWebExchange exchange) {
    ServerRequest candidate =
        ServerRequest.create(exchange, HandlerStrategies.withDefaults().messageReaders());
    return Flux.fromIterable(routers)
        .concatMap(router -> router.route(candidate).hasElement())
        .any(Boolean::booleanValue);
  }

  @Override
  public synchronized List<String> transports() {
    return List.copyOf(descriptions);
  }

  /**
   * A filter for a transport's own routes: passes what the gate forwarded (its {@link AuthInfo} is
   * an exchange attribute), refuses anything else with a plain 500.
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
                + " refused; is McpAuthWebFilter registered, and no filter rewriting the path"
                + " before it?",
            request.method(),
            request.requestPath().value());
      }
      HttpResponse refusal = McpGate.transportError(500);
      ServerResponse.BodyBuilder response =
          ServerResponse.status(HttpStatusCode.valueOf(refusal.status()));
      refusal.headers().forEach(response::header);
      return response.bodyValue(refusal.body());
    };
  }

  /** Wraps {@code router} with {@link #backstop()}. */
  @SuppressWarnings("unchecked")
  static RouterFunction<ServerResponse> guarded(RouterFunction<?> router) {
    return ((RouterFunction<ServerResponse>) Objects.requireNonNull(router, "router"))
        .filter(backstop());
  }
}
