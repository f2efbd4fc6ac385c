package dev.mcpauth.spring.webflux;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.McpDecision;
import dev.mcpauth.McpGate;
import dev.mcpauth.PreparedResponse;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.spring.McpAuthRoutes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The WebFlux side of MCP Auth, one {@link WebFilter} for the whole application: it answers the RFC
 * 9728 metadata paths, puts the MCP endpoint behind the core's {@link McpGate}, and protects the
 * other routes configured in {@link McpAuthRoutes}. Everything else passes untouched.
 *
 * <p>It never blocks an event-loop thread: it asks the core for a decision without blocking ({@link
 * McpGate#checkNonBlocking}, {@link BearerAuth#verifyNonBlocking}); when the core answers "pending"
 * (signing keys or metadata must be fetched, or a blocking verifier must run), the decision is
 * finished on Reactor's {@code boundedElastic} scheduler and the request continues from there. An
 * authorized request continues with its {@link AuthInfo} as the exchange attribute {@link
 * AuthInfo#KEY}. A refusal is written exactly as the core decided it.
 *
 * <p>The MCP request body (POST) is buffered up to the gate's cap before the decision, because the
 * core reads it synchronously; the gate looks at it only for an authenticated caller.
 */
public final class McpAuthWebFilter implements WebFilter, Ordered {
  /** Runs before Spring Security's {@code WebFilterChainProxy} (order -100). */
  public static final int ORDER = -110;

  private static final String SESSION_HEADER = "Mcp-Session-Id";

  private final McpAuthRoutes routes;
  private final Scheduler blocking;
  private final Executor blockingExecutor;

  /** A filter consulting {@code routes}, finishing pending decisions on {@code boundedElastic}. */
  public McpAuthWebFilter(McpAuthRoutes routes) {
    this(routes, Schedulers.boundedElastic());
  }

  /** A filter consulting {@code routes}, finishing pending decisions on {@code blocking}. */
  public McpAuthWebFilter(McpAuthRoutes routes, Scheduler blocking) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.blocking = Objects.requireNonNull(blocking, "blocking");
    this.blockingExecutor = task -> this.blocking.schedule(task);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String path = request.getPath().pathWithinApplication().value();
    Optional<PreparedResponse> document =
        routes.mcpAuth().metadataFor(request.getMethod().name(), path);
    if (document.isPresent()) {
      PreparedResponse m = document.get();
      return write(exchange.getResponse(), m.status(), m.headers(), m.body());
    }
    if (path.equals(routes.mcpPath())) {
      return mcp(exchange, chain);
    }
    Optional<BearerAuth> route = routes.routeFor(path);
    if (route.isEmpty()) {
      return chain.filter(exchange);
    }
    RequestHeaders headers = headers(request, path);
    Optional<PreparedResponse> preflight = route.get().preflight(headers);
    if (preflight.isPresent()) {
      PreparedResponse p = preflight.get();
      return write(exchange.getResponse(), p.status(), p.headers(), p.body());
    }
    return finish(route.get().verifyNonBlocking(headers))
        .flatMap(
            result -> {
              if (result instanceof AuthResult.Denied denied) {
                return write(
                    exchange.getResponse(), denied.status(), denied.headers(), denied.body());
              }
              exchange
                  .getAttributes()
                  .put(AuthInfo.KEY, ((AuthResult.Authorized) result).authInfo());
              return chain.filter(exchange);
            });
  }

  private Mono<Void> mcp(ServerWebExchange exchange, WebFilterChain chain) {
    McpGate gate = routes.gate();
    ServerHttpRequest request = exchange.getRequest();
    RequestHeaders headers = headers(request, request.getPath().pathWithinApplication().value());
    Mono<byte[]> body =
        "POST".equals(request.getMethod().name())
            ? buffered(request, gate.maxBodyBytes())
            : Mono.just(new byte[0]);
    return body.flatMap(bytes -> finish(gate.checkNonBlocking(headers, limit -> bytes)))
        .flatMap(
            decision -> {
              if (decision instanceof McpDecision.Respond respond) {
                return write(
                    exchange.getResponse(), respond.status(), respond.headers(), respond.body());
              }
              McpDecision.Forward forward = (McpDecision.Forward) decision;
              AuthInfo info = forward.authInfo();
              exchange.getAttributes().put(AuthInfo.KEY, info);
              ServerHttpResponse response = exchange.getResponse();
              response.beforeCommit(
                  () -> {
                    String id = response.getHeaders().getFirst(SESSION_HEADER);
                    return id == null
                        ? Mono.empty()
                        : Mono.fromRunnable(() -> gate.sessionStarted(id, info))
                            .subscribeOn(blocking)
                            .then();
                  });
              ServerWebExchange forwarded =
                  forward.body().isEmpty()
                      ? exchange
                      : exchange
                          .mutate()
                          .request(replaying(request, forward.body().get(), response))
                          .build();
              Mono<Void> handled = chain.filter(forwarded);
              if (!"DELETE".equals(request.getMethod().name())) {
                return handled;
              }
              String session = request.getHeaders().getFirst(SESSION_HEADER);
              return handled
                  .then(
                      Mono.fromRunnable(
                              () -> {
                                HttpStatusCode status = response.getStatusCode();
                                if (status == null || status.value() < 300) {
                                  gate.sessionEnded(session);
                                }
                              })
                          .subscribeOn(blocking))
                  .then();
            });
  }

  /** Finishes a pending core decision off the event loop; passes any other decision through. */
  private Mono<AuthResult> finish(AuthResult result) {
    return result instanceof AuthResult.Pending pending
        ? Mono.fromFuture(() -> pending.resumeAsync(blockingExecutor))
        : Mono.just(result);
  }

  private Mono<McpDecision> finish(McpDecision decision) {
    return decision instanceof McpDecision.Pending pending
        ? Mono.fromFuture(() -> pending.resumeAsync(blockingExecutor))
        : Mono.just(decision);
  }

  private static RequestHeaders headers(ServerHttpRequest request, String path) {
    return RequestHeaders.of(name -> request.getHeaders().getOrEmpty(name))
        .withRequestLine(request.getMethod().name(), path)
        .withQuery(request.getURI().getRawQuery());
  }

  /** The body, or its first {@code max + 1} bytes when it is longer (the gate then answers 413). */
  private static Mono<byte[]> buffered(ServerHttpRequest request, int max) {
    return DataBufferUtils.join(request.getBody(), max + 1)
        .map(
            buffer -> {
              try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return bytes;
              } finally {
                DataBufferUtils.release(buffer);
              }
            })
        .onErrorResume(DataBufferLimitException.class, e -> Mono.just(new byte[max + 1]))
        .defaultIfEmpty(new byte[0]);
  }

  private static ServerHttpRequest replaying(
      ServerHttpRequest request, byte[] body, ServerHttpResponse response) {
    return new ServerHttpRequestDecorator(request) {
      @Override
      public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> Flux.just(response.bufferFactory().wrap(body)));
      }
    };
  }

  private static Mono<Void> write(
      ServerHttpResponse response, int status, Map<String, String> headers, String body) {
    response.setStatusCode(HttpStatusCode.valueOf(status));
    headers.forEach(response.getHeaders()::set);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      return response.setComplete();
    }
    response.getHeaders().setContentLength(bytes.length);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
