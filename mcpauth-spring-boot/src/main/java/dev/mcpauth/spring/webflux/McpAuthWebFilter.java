package dev.mcpauth.spring.webflux;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpGate;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.StepUp;
import dev.mcpauth.spring.McpAuthRoutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.http.server.reactive.SslInfo;
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
 * AuthInfo#KEY}, and an MCP request with its {@link StepUp} under {@link StepUp#KEY} (a step-up a
 * handler asks for mid-call is answered with the core's 403 challenge while the response has not
 * started). A refusal is written exactly as the core decided it. Every forwarded response is {@code
 * Cache-Control: private} unless the transport said {@code no-store}/{@code private} ({@link
 * McpGate#forwardedCacheControl}), and a streamed response (SSE) ends when the caller's token
 * expires ({@link McpGate#streamLifetime}).
 *
 * <p>Which requests are MCP requests is answered by the MCP transports' own routes ({@link
 * WebFluxMcpRoutes}). Headers come first: the body of an MCP request is read only once its caller
 * is authenticated, off the event loop and within the gate's body-memory budget. Errors the
 * transport writes reach the client as the core's plain JSON-RPC error, without internals.
 */
public final class McpAuthWebFilter implements WebFilter, Ordered {
  /** Runs before Spring Security's {@code WebFilterChainProxy} (order -100). */
  public static final int ORDER = -110;

  private static final String SESSION_HEADER = "Mcp-Session-Id";

  /** How long an authenticated caller may take to send its request body. */
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);

  private final McpAuthRoutes routes;
  private final Supplier<Optional<WebFluxMcpRoutes>> mcpRoutesLookup;
  private final Scheduler blocking;
  private final Executor blockingExecutor;
  private volatile Optional<WebFluxMcpRoutes> mcpRoutes;

  /**
   * A filter consulting {@code routes}, for an application that serves no MCP transport; finishes
   * pending decisions on {@code boundedElastic}.
   */
  public McpAuthWebFilter(McpAuthRoutes routes) {
    this(routes, Optional::empty, Schedulers.boundedElastic());
  }

  /**
   * A filter consulting {@code routes}; which requests are MCP requests is answered by the
   * transports' own routes (looked up at the first request); pending decisions are finished on
   * {@code blocking}.
   */
  public McpAuthWebFilter(
      McpAuthRoutes routes, Supplier<Optional<WebFluxMcpRoutes>> mcpRoutes, Scheduler blocking) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.mcpRoutesLookup = Objects.requireNonNull(mcpRoutes, "mcpRoutes");
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
    Optional<HttpResponse> document =
        routes.mcpAuth().metadataFor(request.getMethod().name(), path);
    if (document.isPresent()) {
      HttpResponse m = document.get();
      return write(exchange.getResponse(), m.status(), m.headers(), m.body());
    }
    return servesMcp(exchange)
        .flatMap(mcp -> mcp ? mcp(exchange, chain) : other(exchange, chain, path));
  }

  private Mono<Boolean> servesMcp(ServerWebExchange exchange) {
    Optional<WebFluxMcpRoutes> r = mcpRoutes;
    if (r == null) {
      r = mcpRoutesLookup.get();
      mcpRoutes = r;
    }
    return r.isPresent() ? r.get().serves(exchange) : Mono.just(false);
  }

  /** A request that is not an MCP request: a protected route, or untouched. */
  private Mono<Void> other(ServerWebExchange exchange, WebFilterChain chain, String path) {
    ServerHttpRequest request = exchange.getRequest();
    Optional<BearerAuth> route = routes.routeFor(path);
    if (route.isEmpty()) {
      return chain.filter(exchange);
    }
    RequestHeaders headers = headers(request, path);
    Optional<HttpResponse> preflight = route.get().preflight(headers);
    if (preflight.isPresent()) {
      HttpResponse p = preflight.get();
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
    // Headers first: the gate authenticates before it asks for the body, and a body that must
    // wait for the network makes it answer "pending" first, so the body of an unauthenticated
    // request is never buffered, and the read happens off the event loop within the gate's
    // body-memory budget.
    McpGate.Body body = McpGate.Body.blocking(limit -> read(request, limit));
    return finish(gate.checkNonBlocking(headers, body))
        .flatMap(
            decision -> {
              if (decision instanceof McpGate.Decision.Respond respond) {
                return write(
                    exchange.getResponse(), respond.status(), respond.headers(), respond.body());
              }
              McpGate.Decision.Forward forward = (McpGate.Decision.Forward) decision;
              AuthInfo info = forward.authInfo();
              exchange.getAttributes().put(AuthInfo.KEY, info);
              StepUp stepUp = gate.stepUp(forward);
              exchange.getAttributes().put(StepUp.KEY, stepUp);
              ServerHttpResponse response =
                  new ScrubbedResponse(exchange.getResponse(), stepUp, gate.streamLifetime(info));
              response.beforeCommit(
                  () -> {
                    // a result may be filtered for this caller: never stored by a shared cache
                    HttpHeaders out = response.getHeaders();
                    out.set(
                        HttpHeaders.CACHE_CONTROL,
                        McpGate.forwardedCacheControl(out.getOrEmpty(HttpHeaders.CACHE_CONTROL)));
                    // a browser-based client may read the answer (an allowed origin only)
                    gate.corsHeaders(headers).forEach(out::set);
                    String id = out.getFirst(SESSION_HEADER);
                    return id == null
                        ? Mono.empty()
                        : Mono.fromRunnable(() -> gate.sessionStarted(id, info))
                            .subscribeOn(blocking)
                            .then();
                  });
              ServerHttpRequest forwardedRequest =
                  forward.body().isEmpty()
                      ? request
                      : replaying(request, forward.body().get(), response);
              ServerWebExchange forwarded =
                  exchange.mutate().request(forwardedRequest).response(response).build();
              String method = request.getMethod().name();
              String session = request.getHeaders().getFirst(SESSION_HEADER);
              return chain
                  .filter(forwarded)
                  .then(
                      Mono.defer(
                          () -> {
                            HttpStatusCode status = response.getStatusCode();
                            int code = status == null ? 200 : status.value();
                            return "DELETE".equals(method)
                                ? Mono.fromRunnable(
                                        () -> gate.transportAnswered(method, code, session))
                                    .subscribeOn(blocking)
                                    .then()
                                : Mono.<Void>empty();
                          }));
            });
  }

  /**
   * Reads the body where blocking is allowed (the gate calls it only for an authenticated caller,
   * after reserving memory for it): the whole body, or its first {@code max + 1} bytes when it is
   * longer (the gate then answers 413).
   */
  private static byte[] read(ServerHttpRequest request, int max) throws IOException {
    try {
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
          .defaultIfEmpty(new byte[0])
          .block(BODY_TIMEOUT);
    } catch (RuntimeException e) {
      throw new IOException("the request body could not be read", e);
    }
  }

  /**
   * The response of a forwarded request. Once the transport sets an error status (400 or more),
   * what it writes (exception classes, messages, stack traces) is replaced by the core's plain
   * JSON-RPC error, the same rule every stack follows. And when the handler asked for a step-up
   * mid-call ({@link StepUp}) and the response has not started when the transport writes its first
   * bytes, the response becomes the step-up's 403 challenge; once an SSE stream has sent an event,
   * the handler's JSON-RPC error carries the step-up instead.
   */
  private static final class ScrubbedResponse extends ServerHttpResponseDecorator {
    private final StepUp stepUp;
    private final Optional<Duration> lifetime;
    private volatile boolean replaced;

    ScrubbedResponse(ServerHttpResponse delegate, StepUp stepUp, Optional<Duration> lifetime) {
      super(delegate);
      this.stepUp = stepUp;
      this.lifetime = lifetime;
    }

    /**
     * A stream (what is written with flushes: SSE) ends when the token that opened it expires
     * ({@link McpGate#streamLifetime}); the timer runs on Reactor's parallel scheduler, no thread
     * per stream.
     */
    private <T> Flux<T> untilTokenExpires(Flux<T> chunks) {
      return lifetime.isPresent() ? chunks.take(lifetime.get()) : chunks;
    }

    private Optional<HttpResponse> replacement() {
      HttpStatusCode status = getStatusCode();
      return status != null && status.value() >= 400
          ? Optional.of(McpGate.transportError(status.value()))
          : Optional.empty();
    }

    /** The step-up challenge to answer with, while nothing was sent; empty otherwise. */
    private Optional<HttpResponse> challenge() {
      return replaced || isCommitted() ? Optional.empty() : stepUp.challenge();
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      if (replaced) {
        return Flux.from(body).doOnNext(DataBufferUtils::release).then();
      }
      Optional<HttpResponse> plain = replacement();
      if (plain.isPresent()) {
        return Flux.from(body)
            .doOnNext(DataBufferUtils::release)
            .then(Mono.defer(() -> writePlain(plain.get())));
      }
      Flux<DataBuffer> buffers = Flux.from(body);
      return buffers
          .switchOnFirst(
              (first, all) -> {
                Optional<HttpResponse> challenge =
                    first.isOnError() ? Optional.empty() : challenge();
                return challenge.isPresent()
                    ? all.doOnNext(DataBufferUtils::release)
                        .then(Mono.defer(() -> writeChallenge(challenge.get())))
                    : super.writeWith(all);
              })
          .then();
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
      if (replaced) {
        return Flux.from(body).concatMap(Flux::from).doOnNext(DataBufferUtils::release).then();
      }
      Optional<HttpResponse> plain = replacement();
      if (plain.isPresent()) {
        return Flux.from(body)
            .concatMap(Flux::from)
            .doOnNext(DataBufferUtils::release)
            .then(Mono.defer(() -> writePlain(plain.get())));
      }
      Flux<Publisher<? extends DataBuffer>> chunks = untilTokenExpires(Flux.from(body));
      return chunks
          .switchOnFirst(
              (first, all) -> {
                Optional<HttpResponse> challenge =
                    first.isOnError() ? Optional.empty() : challenge();
                return challenge.isPresent()
                    ? all.concatMap(Flux::from)
                        .doOnNext(DataBufferUtils::release)
                        .then(Mono.defer(() -> writeChallenge(challenge.get())))
                    : super.writeAndFlushWith(all);
              })
          .then();
    }

    /** The step-up's challenge in place of everything the transport set and wrote. */
    private Mono<Void> writeChallenge(HttpResponse challenge) {
      replaced = true;
      getHeaders().clear();
      setStatusCode(HttpStatusCode.valueOf(challenge.status()));
      return writePlain(challenge);
    }

    private Mono<Void> writePlain(HttpResponse plain) {
      byte[] bytes = plain.body().getBytes(StandardCharsets.UTF_8);
      HttpHeaders headers = getHeaders();
      headers.remove(HttpHeaders.CONTENT_TYPE);
      plain.headers().forEach(headers::set);
      headers.setContentLength(bytes.length);
      return getDelegate().writeWith(Mono.just(bufferFactory().wrap(bytes)));
    }
  }

  /** Finishes a pending core decision off the event loop; passes any other decision through. */
  private Mono<AuthResult> finish(AuthResult result) {
    return result instanceof AuthResult.Pending pending
        ? Mono.fromFuture(() -> pending.resumeAsync(blockingExecutor))
        : Mono.just(result);
  }

  private Mono<McpGate.Decision> finish(McpGate.Decision decision) {
    return decision instanceof McpGate.Decision.Pending pending
        ? Mono.fromFuture(() -> pending.resumeAsync(blockingExecutor))
        : Mono.just(decision);
  }

  private static RequestHeaders headers(ServerHttpRequest request, String path) {
    return RequestHeaders.of(name -> request.getHeaders().getOrEmpty(name))
        .withRequestLine(request.getMethod().name(), path)
        .withQuery(request.getURI().getRawQuery())
        .withClientCertificate(clientCertificate(request));
  }

  /**
   * The client certificate of a mutual-TLS connection, as the server reports it ({@link
   * ServerHttpRequest#getSslInfo()}, the client's own first); null when there is none.
   */
  static X509Certificate clientCertificate(ServerHttpRequest request) {
    SslInfo ssl = request.getSslInfo();
    X509Certificate[] chain = ssl == null ? null : ssl.getPeerCertificates();
    return chain != null && chain.length > 0 ? chain[0] : null;
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
