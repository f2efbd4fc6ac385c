package dev.mcpauth.undertow;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.McpGate;
import dev.mcpauth.StepUp;
import dev.mcpauth.mcp.McpAuthContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Hosts an MCP Java SDK stateless server on plain Undertow 2.4 (no servlet container), behind MCP
 * Auth: it implements the SDK's {@link McpStatelessServerTransport} on Undertow's {@link
 * HttpHandler} API, decides every request with an {@link McpGate} (bearer token, per-tool scopes,
 * header agreement, body cap), and hands the caller's {@link AuthInfo} to tool handlers through the
 * transport context ({@link
 * McpAuthContext#authInfo(io.modelcontextprotocol.common.McpTransportContext)}).
 *
 * <pre>{@code
 * McpUndertowHandler mcp = new McpUndertowHandler(gate);
 * McpStatelessSyncServer server = McpServer.sync(mcp).serverInfo("notes", "1.0.0").toolCall(...).build();
 * Undertow.builder().addHttpListener(3001, "127.0.0.1")
 *     .setHandler(new ProtectedResourceMetadataHandler(mcpAuth, Handlers.path().addExactPath("/mcp", mcp)))
 *     .build().start();
 * }</pre>
 *
 * Every request is decided by {@link McpGate#check} (CORS preflights, {@code Origin}, {@code
 * MCP-Protocol-Version}, the token, the body, scopes), exactly as the servlet filter does. POST
 * carries JSON-RPC (a request gets its JSON response, a notification 202); GET and DELETE get 405
 * (there are no sessions), after authentication. Runs on worker threads; errors never leak a stack
 * trace.
 *
 * <p>The gate is narrowed to the protocol versions the SDK's stateless transport speaks ({@link
 * McpStatelessServerTransport#protocolVersions()}); another {@code MCP-Protocol-Version} is 400.
 * Every answer to a forwarded request is {@code Cache-Control: private} ({@link
 * McpGate#forwardedCacheControl}): a {@code tools/list} may be filtered for its caller. There are
 * no long-lived streams to end when a token expires ({@link McpGate#streamLifetime}): this
 * transport is stateless JSON, every response is complete when written, and GET is 405.
 */
public final class McpUndertowHandler implements HttpHandler, McpStatelessServerTransport {
  private static final Logger LOG = LoggerFactory.getLogger(McpUndertowHandler.class);
  private static final int INTERNAL_ERROR = -32603;
  private static final int INVALID_REQUEST = -32600;
  private static final int INVALID_PARAMS = -32602;

  private final McpGate gate;
  private final McpJsonMapper json;
  private volatile McpStatelessServerHandler handler;

  /** A transport deciding with {@code gate}, using the SDK's default JSON mapper. */
  public McpUndertowHandler(McpGate gate) {
    this(gate, McpJsonDefaults.getMapper());
  }

  /** A transport deciding with {@code gate}, using {@code json} for JSON-RPC messages. */
  public McpUndertowHandler(McpGate gate, McpJsonMapper json) {
    // fail closed: the gate accepts only the protocol versions this SDK transport speaks (the
    // SDK's own list, so a newer SDK that speaks more is accepted without a change here)
    this.gate = Objects.requireNonNull(gate, "gate").restrictedTo(protocolVersions());
    this.json = Objects.requireNonNull(json, "json");
    LOG.info(gate.startupLine("the MCP endpoint of McpUndertowHandler"));
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler handler) {
    this.handler = handler;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.empty();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this); // reading the body and running tools block: never on an I/O thread
      return;
    }
    McpGate.Decision decision =
        gate.check(
            UndertowHttp.headers(exchange),
            limit -> {
              exchange.startBlocking();
              try (InputStream in = exchange.getInputStream()) {
                return in.readNBytes(limit + 1);
              }
            });
    if (decision instanceof McpGate.Decision.Respond respond) {
      UndertowHttp.write(exchange, respond.status(), respond.headers(), respond.body());
      return;
    }
    McpGate.Decision.Forward forward = (McpGate.Decision.Forward) decision;
    AuthInfo info = forward.authInfo();
    // a browser-based client may read the answer (an allowed origin only)
    gate.corsHeaders(UndertowHttp.headers(exchange))
        .forEach(
            (name, value) ->
                exchange
                    .getResponseHeaders()
                    .put(io.undertow.util.HttpString.tryFromString(name), value));
    exchange.putAttachment(BearerAuthHandler.AUTH_INFO, info);
    if (forward.body().isEmpty()) {
      UndertowHttp.write(
          exchange, 405, Map.of("Allow", "POST"), ""); // stateless: no streams, no sessions
      return;
    }
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      UndertowHttp.write(exchange, 415, Map.of(), "");
      return;
    }
    StepUp stepUp = gate.stepUp(forward);
    McpStatelessServerHandler mcp = handler;
    if (mcp == null) {
      UndertowHttp.write(exchange, 503, Map.of("Retry-After", "1"), "");
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message =
          McpSchema.deserializeJsonRpcMessage(
              json, new String(forward.body().get(), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      LOG.debug("not a JSON-RPC message the SDK reads: {}", e.getClass().getSimpleName());
      plainError(exchange, 400, INVALID_REQUEST, "Invalid request");
      return;
    }
    if (message instanceof McpSchema.JSONRPCRequest request) {
      McpSchema.JSONRPCResponse response;
      try {
        response = mcp.handleRequest(McpAuthContext.contextFor(info, stepUp), request).block();
      } catch (McpError e) {
        response = McpSchema.JSONRPCResponse.error(request.id(), e.getJsonRpcError());
      } catch (IllegalArgumentException e) {
        // The SDK could not convert the request's params (e.g. "arguments": 7): the client's
        // mistake, so
        // a JSON-RPC error and no error-level log line per request.
        LOG.debug(
            "MCP request {} has params the SDK cannot read: {}",
            request.method(),
            e.getClass().getSimpleName());
        response =
            McpSchema.JSONRPCResponse.error(
                request.id(),
                new McpSchema.JSONRPCResponse.JSONRPCError(INVALID_PARAMS, "Invalid params", null));
      } catch (RuntimeException e) {
        LOG.error("MCP request {} failed: {}", request.method(), e.getClass().getName());
        response = internalError(request.id());
      }
      Optional<dev.mcpauth.HttpResponse> challenge = stepUp.challenge();
      if (challenge.isPresent()) {
        // the handler asked for a step-up mid-call, and nothing has been sent yet: the same 403
        // as the gate's challenge before the call, naming every scope the request needs
        UndertowHttp.write(
            exchange, challenge.get().status(), challenge.get().headers(), challenge.get().body());
        return;
      }
      respond(exchange, 200, withoutInternalDetails(response, request.id()));
    } else if (message instanceof McpSchema.JSONRPCNotification notification) {
      try {
        mcp.handleNotification(McpAuthContext.contextFor(info, stepUp), notification).block();
      } catch (RuntimeException e) {
        LOG.warn("MCP notification failed: {}", e.getClass().getName());
      }
      UndertowHttp.write(exchange, 202, forwardedHeaders(), "");
    } else {
      UndertowHttp.write(exchange, 202, forwardedHeaders(), "");
    }
  }

  /** A JSON-RPC error written by hand: the SDK's own error type refuses a null id. */
  private static void plainError(
      HttpServerExchange exchange, int status, int code, String message) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    UndertowHttp.write(
        exchange,
        status,
        headers,
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
            + code
            + ",\"message\":\""
            + message
            + "\"}}");
  }

  private static McpSchema.JSONRPCResponse internalError(Object id) {
    return McpSchema.JSONRPCResponse.error(
        id, new McpSchema.JSONRPCResponse.JSONRPCError(INTERNAL_ERROR, "Internal error", null));
  }

  /** Internal errors lose their {@code data}: the SDK may put a stack trace there. */
  private static McpSchema.JSONRPCResponse withoutInternalDetails(
      McpSchema.JSONRPCResponse response, Object id) {
    if (response == null) {
      return internalError(id);
    }
    if (response.error() != null
        && response.error().code() == INTERNAL_ERROR
        && response.error().data() != null) {
      return McpSchema.JSONRPCResponse.error(
          response.id(),
          new McpSchema.JSONRPCResponse.JSONRPCError(
              INTERNAL_ERROR, response.error().message(), null));
    }
    return response;
  }

  private void respond(HttpServerExchange exchange, int status, McpSchema.JSONRPCResponse response)
      throws IOException {
    Map<String, String> headers = forwardedHeaders();
    headers.put("Content-Type", "application/json");
    UndertowHttp.write(exchange, status, headers, json.writeValueAsString(response));
  }

  /** The headers of every answer the MCP server gave: never stored by a shared cache. */
  private static Map<String, String> forwardedHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cache-Control", McpGate.forwardedCacheControl(List.of()));
    return headers;
  }
}
