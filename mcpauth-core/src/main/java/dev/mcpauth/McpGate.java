package dev.mcpauth;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole decision for one HTTP request to an MCP endpoint (streamable, stateless or SSE
 * transport), in one place for every adapter: {@link #check} answers forward or respond-with-this
 * ({@link McpGate.Decision}), and the adapter only translates.
 *
 * <p>Order, cheapest and least trusting first; the body is read only for an authenticated caller:
 *
 * <ol>
 *   <li>a CORS preflight gets its answer here (204, or 403 for a disallowed origin) and never
 *       reaches the server;
 *   <li>{@code Origin} must be allowed (403; DNS-rebinding protection, MCP 2025-11-25);
 *   <li>{@code MCP-Protocol-Version}, when present, must be one this library knows (400);
 *   <li>authentication from the headers (401 and 400 as {@link BearerAuth}; the body is not read);
 *   <li>the body (POST): {@code application/json} in UTF-8 only (415 otherwise), at most {@link
 *       #maxBodyBytes()} (413), bounded in memory across concurrent requests (503), scanned as a
 *       stream for each message's {@code method}, {@code params.name} and {@code params.uri} (400
 *       for an unreadable body; a name or uri that is present but not a string is unreadable);
 *   <li>{@code Mcp-Method}/{@code Mcp-Name} (Base64 values decoded) against the body: 400 {@code
 *       HeaderMismatch} with the request's id, before any scope decision (MCP 2026-07-28);
 *   <li>scopes of the route plus every operation in the body (403 {@code insufficient_scope} naming
 *       all of them, batches judged as a whole before anything runs);
 *   <li>the session ({@code Mcp-Session-Id}, or the SSE transport's {@code sessionId} parameter)
 *       must belong to the caller: another caller's session 403, an unknown one 404;
 *   <li>only then is anything consumed (the DPoP proof's {@code jti}).
 * </ol>
 *
 * Immutable configuration, thread-safe.
 */
public final class McpGate {
  private static final Logger LOG = LoggerFactory.getLogger(McpGate.class);

  /** Default cap on a JSON-RPC body: 4 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Default cap on the bodies held by all requests at once: 32 MiB; beyond it requests get 503. */
  public static final long DEFAULT_MAX_BODY_MEMORY = 32L * 1024 * 1024;

  /** How long a session stays bound to its creator: 24 hours. */
  public static final Duration SESSION_BINDING_TTL = Duration.ofHours(24);

  /** JSON-RPC error code for a header/body mismatch (MCP 2026-07-28 "HeaderMismatch"). */
  public static final int HEADER_MISMATCH_CODE = -32020;

  /** JSON-RPC parse error. */
  public static final int PARSE_ERROR_CODE = -32700;

  /** JSON-RPC invalid request. */
  public static final int INVALID_REQUEST_CODE = -32600;

  /** The MCP protocol versions this library knows. */
  public static final Set<String> KNOWN_PROTOCOL_VERSIONS =
      Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28");

  private static final String BASE64_PREFIX = "=?base64?";
  private static final String BASE64_SUFFIX = "?=";

  /**
   * The decision for one HTTP request to an MCP endpoint, made by {@link McpGate#check}: pass it on
   * to the MCP server ({@link Forward}), answer it with this response ({@link Respond}), or finish
   * the decision where blocking is allowed ({@link Pending}). Every adapter follows it and decides
   * nothing itself.
   */
  public sealed interface Decision permits Decision.Forward, Decision.Respond, Decision.Pending {

    /**
     * Pass the request on to the MCP server.
     *
     * @param authInfo the caller
     * @param body the exact bytes the gate checked (UTF-8 JSON), to hand to the server in place of
     *     the request body; empty for requests without a body (GET, DELETE)
     */
    record Forward(AuthInfo authInfo, Optional<byte[]> body) implements Decision {
      /** Checks both parts are present. */
      public Forward {
        Objects.requireNonNull(authInfo, "authInfo");
        Objects.requireNonNull(body, "body");
      }
    }

    /**
     * Answer with exactly this response.
     *
     * @param status the HTTP status
     * @param headers every header to write, in order
     * @param body the body (JSON, or empty)
     * @param reason why, for logs and metrics; empty for a CORS preflight answer
     */
    record Respond(
        int status, Map<String, String> headers, String body, Optional<DenialReason> reason)
        implements Decision {
      /** Copies the headers so the value is immutable. */
      public Respond {
        headers = OrderedHeaders.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(reason, "reason");
      }

      /** The response to write, as one value. */
      public HttpResponse response() {
        return new HttpResponse(status, headers, body);
      }

      static Respond of(AuthResult.Denied denied) {
        return new Respond(
            denied.status(), denied.headers(), denied.body(), Optional.of(denied.reason()));
      }

      static Respond of(HttpResponse response) {
        return new Respond(
            response.status(), response.headers(), response.body(), Optional.empty());
      }
    }

    /**
     * The decision needs a key or metadata fetch, or a verifier that may block, and the caller
     * asked not to block. {@link #await()} (on a worker thread) or {@link #resumeAsync} finishes
     * the same decision, the body read included.
     */
    final class Pending implements Decision {
      private final Supplier<Decision> rest;

      Pending(Supplier<Decision> rest) {
        this.rest = rest;
      }

      /**
       * Finishes the decision on the calling thread, which may block; never returns {@link
       * Pending}.
       */
      public Decision await() {
        return rest.get();
      }

      /**
       * Finishes the decision on {@code executor}; completes with it, never with {@link Pending}.
       */
      public CompletableFuture<Decision> resumeAsync(Executor executor) {
        return CompletableFuture.supplyAsync(rest, executor);
      }

      @Override
      public String toString() {
        return "McpGate.Decision.Pending";
      }
    }
  }

  /** Reads a request body; the gate calls it at most once, and only for an authenticated caller. */
  @FunctionalInterface
  public interface Body {
    /**
     * Reads the whole body, or its first {@code limit + 1} bytes when it is longer.
     *
     * @throws IOException when the body cannot be read (the gate answers 400)
     */
    byte[] read(int limit) throws IOException;

    /**
     * Whether {@link #read} answers without waiting for the network (a body already buffered, the
     * default). When it is not, {@link #checkNonBlocking} answers {@link Decision.Pending} after
     * authentication and before reading, so no byte of an unauthenticated request is ever buffered
     * and the read happens where blocking is allowed, inside the gate's body-memory budget.
     */
    default boolean isNonBlocking() {
      return true;
    }

    /** A body whose {@link #read} waits for the network: see {@link #isNonBlocking()}. */
    static Body blocking(Body body) {
      Objects.requireNonNull(body, "body");
      return new Body() {
        @Override
        public byte[] read(int limit) throws IOException {
          return body.read(limit);
        }

        @Override
        public boolean isNonBlocking() {
          return false;
        }
      };
    }
  }

  private final BearerAuth auth;
  private final ResourceGuard guard;
  private final McpScopePolicy policy;
  private final Optional<SessionStore> sessions;
  private final Clock clock;
  private final OutageLog outages;
  private final int maxBodyBytes;
  private final Semaphore bodyMemory;
  private final long maxBodyMemory;
  private final Set<String> allowedOrigins;
  private final boolean anyOrigin;
  private final String summary;

  private McpGate(Builder b) {
    this.summary = b.mcpAuth.protectionSummary(b.auth.guard().resource().value());
    this.auth = b.auth;
    this.guard = b.auth.guard();
    this.policy = b.scopes != null ? b.scopes.build() : b.policy;
    this.sessions = b.sessionBinding ? Optional.of(b.mcpAuth.sessionStore()) : Optional.empty();
    this.clock = b.mcpAuth.clock();
    this.outages = new OutageLog(LOG, clock, OutageLog.DEFAULT_INTERVAL);
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxBodyMemory = Math.max(b.maxBodyMemory, b.maxBodyBytes + 1L);
    this.bodyMemory = new Semaphore((int) Math.min(Integer.MAX_VALUE, maxBodyMemory));
    Set<String> origins = new LinkedHashSet<>();
    origins.add(origin(guard.resource().value()).orElseThrow());
    b.allowedOrigins.forEach(
        o ->
            origins.add(
                origin(o)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "allowed origin \"" + o + "\" is not scheme://host[:port]"))));
    this.allowedOrigins = Set.copyOf(origins);
    this.anyOrigin = b.anyOrigin;
  }

  /**
   * Starts a builder around the route of the MCP endpoint and the {@link McpAuth} it came from;
   * {@link McpAuth#mcpGate(BearerAuth)} is the public way, so the two cannot differ.
   */
  static Builder builder(McpAuth mcpAuth, BearerAuth auth) {
    return new Builder(mcpAuth, auth);
  }

  /**
   * Decides one HTTP request to the MCP endpoint; may block (key fetches, introspection, reading
   * the body). Never returns {@link McpGate.Decision.Pending} and never throws.
   *
   * @param headers the request headers with method, path and query ({@link
   *     RequestHeaders#withQuery})
   * @param body reads the request body (called only for an authenticated POST)
   */
  public McpGate.Decision check(RequestHeaders headers, Body body) {
    return guard.reported(decide(headers, body, true));
  }

  /**
   * Same as {@link #check}, for event loops: never blocks, and answers {@link
   * McpGate.Decision.Pending} when authentication must wait. {@code body} must not block either
   * (pass a body already buffered).
   */
  public McpGate.Decision checkNonBlocking(RequestHeaders headers, Body body) {
    McpGate.Decision decision = decide(headers, body, false);
    return decision instanceof McpGate.Decision.Pending pending
        ? new McpGate.Decision.Pending(() -> guard.reported(pending.await()))
        : guard.reported(decision);
  }

  private McpGate.Decision decide(RequestHeaders headers, Body body, boolean mayBlock) {
    String method = headers.method().orElse("POST");
    List<String> origin = headers.values("Origin");
    boolean originAllowed = origin.isEmpty() || origin.size() == 1 && originAllowed(origin.get(0));
    if (CorsPreflight.is(headers)) {
      return originAllowed
          ? McpGate.Decision.Respond.of(corsPreflight())
          : McpGate.Decision.Respond.of(
              BearerChallenge.forbidden(DenialReason.ORIGIN_FORBIDDEN, "forbidden_origin"));
    }
    if (!originAllowed) {
      return McpGate.Decision.Respond.of(
          BearerChallenge.forbidden(DenialReason.ORIGIN_FORBIDDEN, "forbidden_origin"));
    }
    List<String> versions = headers.values("MCP-Protocol-Version");
    if (versions.size() > 1
        || versions.size() == 1 && !KNOWN_PROTOCOL_VERSIONS.contains(versions.get(0).trim())) {
      return rpcError(
          AuthError.INVALID_REQUEST,
          DenialReason.UNSUPPORTED_PROTOCOL_VERSION,
          INVALID_REQUEST_CODE,
          "Unsupported MCP-Protocol-Version; supported: "
              + String.join(", ", KNOWN_PROTOCOL_VERSIONS.stream().sorted().toList()),
          JsonRpcScan.NO_ID);
    }
    ResourceGuard.Authentication a =
        guard.authenticate(headers, challengeScopes(headers), mayBlock);
    return afterAuthentication(headers, body, method, a, mayBlock);
  }

  private McpGate.Decision afterAuthentication(
      RequestHeaders headers,
      Body body,
      String method,
      ResourceGuard.Authentication a,
      boolean mayBlock) {
    if (a instanceof ResourceGuard.Authentication.Refused r) {
      return McpGate.Decision.Respond.of(r.denied());
    }
    if (a instanceof ResourceGuard.Authentication.Waiting w) {
      return new McpGate.Decision.Pending(
          () -> afterAuthentication(headers, body, method, w.rest().get(), true));
    }
    ResourceGuard.Authentication.Authenticated who = (ResourceGuard.Authentication.Authenticated) a;
    if (!method.equals("POST")) {
      return authorizeAndBind(headers, who, auth.requiredScopes(), Optional.empty(), mayBlock);
    }
    Optional<String> charset = charset(headers);
    if (!jsonOrUnlabelled(headers)
        || charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8")) {
      return rpcError(
          AuthError.UNSUPPORTED_MEDIA_TYPE,
          DenialReason.UNSUPPORTED_MEDIA_TYPE,
          PARSE_ERROR_CODE,
          "The request body must be application/json in UTF-8",
          JsonRpcScan.NO_ID);
    }
    if (!mayBlock && !body.isNonBlocking()) {
      return new McpGate.Decision.Pending(
          () -> afterAuthentication(headers, body, method, a, true));
    }
    int reserve = reservation(headers);
    if (!bodyMemory.tryAcquire(reserve)) {
      LOG.warn(
          "refusing an MCP request: {} bytes of request bodies are held already", maxBodyMemory);
      return McpGate.Decision.Respond.of(
          guard.challenge().unavailable("too many large requests at once", Duration.ofSeconds(1)));
    }
    try {
      byte[] bytes;
      try {
        bytes = body.read(maxBodyBytes);
      } catch (IOException | RuntimeException e) {
        return rpcError(
            AuthError.INVALID_BODY,
            DenialReason.INVALID_BODY,
            PARSE_ERROR_CODE,
            "Parse error: the request body could not be read",
            JsonRpcScan.NO_ID);
      }
      if (bytes.length > maxBodyBytes) {
        return rpcError(
            AuthError.PAYLOAD_TOO_LARGE,
            DenialReason.PAYLOAD_TOO_LARGE,
            PARSE_ERROR_CODE,
            "Request body exceeds " + maxBodyBytes + " bytes",
            JsonRpcScan.NO_ID);
      }
      String text;
      try {
        text = StrictJson.decodeUtf8(bytes);
      } catch (StrictJson.JsonRejected e) {
        return rpcError(
            AuthError.INVALID_BODY,
            DenialReason.INVALID_BODY,
            PARSE_ERROR_CODE,
            "Parse error: the body is not valid UTF-8",
            JsonRpcScan.NO_ID);
      }
      JsonRpcScan.Result scan = JsonRpcScan.scan(text);
      if (scan.unreadable().isPresent()) {
        return rpcError(
            AuthError.INVALID_BODY,
            DenialReason.INVALID_BODY,
            PARSE_ERROR_CODE,
            "Parse error: " + scan.unreadable().get(),
            scan.firstId());
      }
      Optional<String> mismatch = headerMismatch(headers, scan);
      if (mismatch.isPresent()) {
        return rpcError(
            AuthError.HEADER_MISMATCH,
            DenialReason.HEADER_MISMATCH,
            HEADER_MISMATCH_CODE,
            "HeaderMismatch: " + mismatch.get(),
            scan.firstId());
      }
      Set<String> needed = new LinkedHashSet<>(auth.requiredScopes());
      for (JsonRpcScan.Call call : scan.calls()) {
        if (call.method() != null) {
          needed.addAll(policy.scopesFor(call.method(), call.name()));
        }
      }
      return authorizeAndBind(headers, who, List.copyOf(needed), Optional.of(bytes), mayBlock);
    } finally {
      bodyMemory.release(reserve);
    }
  }

  /**
   * The scopes a 401 names, from the headers alone (the body of an unauthenticated request is never
   * read): the route's, plus those of the operation {@code Mcp-Method}/{@code Mcp-Name} announce,
   * so a 2026-07-28 client asks for everything the call needs at once. A hint only: every decision
   * comes from the body.
   */
  private List<String> challengeScopes(RequestHeaders headers) {
    List<String> method = headers.values("Mcp-Method");
    List<String> name = headers.values("Mcp-Name");
    if (method.size() != 1 || name.size() != 1) {
      return auth.requiredScopes();
    }
    Optional<String> m = decoded(method.get(0));
    Optional<String> n = decoded(name.get(0));
    if (m.isEmpty() || n.isEmpty()) {
      return auth.requiredScopes();
    }
    Set<String> scopes = new LinkedHashSet<>(auth.requiredScopes());
    scopes.addAll(policy.scopesFor(m.get(), n.get()));
    return List.copyOf(scopes);
  }

  /** Bytes to hold for a body: its declared length when smaller than the cap, else the cap. */
  private int reservation(RequestHeaders headers) {
    List<String> length = headers.values("Content-Length");
    if (length.size() == 1) {
      try {
        long declared = Long.parseLong(length.get(0).trim());
        if (declared >= 0 && declared <= maxBodyBytes) {
          return (int) Math.max(1, declared);
        }
      } catch (NumberFormatException e) {
        // fall through to the cap
      }
    }
    return maxBodyBytes + 1;
  }

  /**
   * The session binding, then scopes and the proof's single use. With {@code mayBlock} false, a
   * store that may block is not called here: the answer is {@link McpGate.Decision.Pending}, which
   * does all of it where blocking is allowed.
   */
  private McpGate.Decision authorizeAndBind(
      RequestHeaders headers,
      ResourceGuard.Authentication.Authenticated who,
      List<String> needed,
      Optional<byte[]> body,
      boolean mayBlock) {
    if (!mayBlock
        && sessions.isPresent()
        && !sessions.get().isNonBlocking()
        && carriesSession(headers)) {
      return new McpGate.Decision.Pending(() -> authorizeAndBind(headers, who, needed, body, true));
    }
    Optional<McpGate.Decision> session = checkSession(headers, who.info());
    if (session.isPresent()) {
      return session.get();
    }
    AuthResult result = guard.authorize(who, needed, mayBlock);
    if (result instanceof AuthResult.Pending) {
      return new McpGate.Decision.Pending(() -> authorizeAndBind(headers, who, needed, body, true));
    }
    if (result instanceof AuthResult.Denied denied) {
      return McpGate.Decision.Respond.of(denied);
    }
    return new McpGate.Decision.Forward(((AuthResult.Authorized) result).authInfo(), body);
  }

  private static boolean carriesSession(RequestHeaders headers) {
    return !headers.values("Mcp-Session-Id").isEmpty()
        || !headers.queryParameter("sessionId").isEmpty();
  }

  private Optional<McpGate.Decision> checkSession(RequestHeaders headers, AuthInfo info) {
    if (sessions.isEmpty()) {
      return Optional.empty();
    }
    List<String> ids = new ArrayList<>(headers.values("Mcp-Session-Id"));
    ids.addAll(headers.queryParameter("sessionId"));
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    String owner = owner(info);
    for (String id : ids) {
      Optional<String> bound;
      try {
        bound = sessions.get().owner(sessionKey(id));
      } catch (RuntimeException e) {
        outages.warn("session store unavailable: {}", e.getClass().getSimpleName());
        return Optional.of(
            McpGate.Decision.Respond.of(
                guard
                    .challenge()
                    .unavailable("the session store is unavailable", Duration.ofSeconds(1))));
      }
      if (bound.isEmpty()) {
        return Optional.of(
            rpcError(
                AuthError.NOT_FOUND,
                DenialReason.SESSION_NOT_FOUND,
                INVALID_REQUEST_CODE,
                "Session not found",
                JsonRpcScan.NO_ID));
      }
      if (!bound.get().equals(owner)) {
        return Optional.of(
            McpGate.Decision.Respond.of(
                BearerChallenge.forbidden(DenialReason.SESSION_FORBIDDEN, "invalid_session")));
      }
    }
    return Optional.empty();
  }

  /**
   * Records who created a session: call when the server answers with a new {@code Mcp-Session-Id},
   * or when the SSE transport announces its {@code sessionId}. A session that cannot be bound (the
   * store is full or down) stays unknown, so it is refused with 404 rather than usable by anyone.
   */
  public void sessionStarted(String sessionId, AuthInfo creator) {
    Objects.requireNonNull(creator, "creator");
    if (sessions.isEmpty() || sessionId == null || sessionId.isEmpty()) {
      return;
    }
    try {
      sessions
          .get()
          .bindIfAbsent(
              sessionKey(sessionId), owner(creator), clock.instant().plus(SESSION_BINDING_TTL));
    } catch (RuntimeException e) {
      outages.warn(
          "could not bind MCP session to its creator ({}); the session will be refused",
          e.getClass().getSimpleName());
    }
  }

  /** Forgets a session (call after a successful DELETE). */
  public void sessionEnded(String sessionId) {
    if (sessions.isPresent() && sessionId != null) {
      try {
        sessions.get().remove(sessionKey(sessionId));
      } catch (RuntimeException e) {
        LOG.debug("session store unavailable: {}", e.getClass().getSimpleName());
      }
    }
  }

  /**
   * What the client gets instead of an error the MCP transport wrote (status 400 or more): the same
   * status with a plain JSON-RPC error, because transports put exception classes, messages and
   * stack traces in their error bodies. Every adapter answers with this, so no stack shows
   * internals.
   */
  public static HttpResponse transportError(int status) {
    int code = status == 404 ? -32001 : status >= 500 ? -32603 : INVALID_REQUEST_CODE;
    String message =
        status == 404 ? "Session not found" : status >= 500 ? "Internal error" : "Invalid request";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    return new HttpResponse(
        status,
        headers,
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
            + code
            + ",\"message\":\""
            + message
            + "\"}}");
  }

  /**
   * Session bookkeeping after the transport answered a forwarded request: a successful (2xx) {@code
   * DELETE} ends the session it named, so its binding is forgotten; nothing else changes anything.
   * Every adapter calls this with the final status, so DELETE means the same everywhere.
   *
   * @param method the request method
   * @param status the status the transport answered with
   * @param sessionId the request's {@code Mcp-Session-Id}, or {@code null}
   */
  public void transportAnswered(String method, int status, String sessionId) {
    if ("DELETE".equals(method) && status >= 200 && status < 300) {
      sessionEnded(sessionId);
    }
  }

  /**
   * The scopes one JSON-RPC call needs beyond the route's: {@code scopesFor("tools/call",
   * "create_note")}, {@code scopesFor("resources/read", "notes://1")}; empty when it needs none.
   */
  public List<String> scopesFor(String method, String name) {
    return policy.scopesFor(method, name);
  }

  /**
   * Whether the caller holds every scope the tool needs (for hiding tools in {@code tools/list}).
   */
  public boolean mayCallTool(String tool, AuthInfo info) {
    return guard.grants(info, policy.toolScopes(tool));
  }

  /**
   * The answer to an allowed CORS preflight of the MCP endpoint: 204, the origin the resource
   * allows, the MCP request headers.
   */
  HttpResponse corsPreflight() {
    return CorsPreflight.answer(
        "POST, GET, DELETE",
        "Authorization, Content-Type, DPoP, Mcp-Method, Mcp-Name, Mcp-Session-Id,"
            + " MCP-Protocol-Version, Last-Event-ID",
        "WWW-Authenticate, DPoP-Nonce, Mcp-Session-Id");
  }

  /**
   * What this gate protects, for the one line each adapter logs at startup: {@code MCP Auth
   * protects <endpoint> as resource <url>, trusting issuers [...]}.
   *
   * @param endpoint how the adapter names the endpoint(s) it put behind this gate
   */
  public String startupLine(String endpoint) {
    return "MCP Auth protects " + endpoint + " as " + summary;
  }

  /** The body size cap in bytes. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The route behind this gate. */
  public BearerAuth bearerAuth() {
    return auth;
  }

  private boolean originAllowed(String origin) {
    if (anyOrigin) {
      return true;
    }
    Optional<String> normalized = origin(origin);
    return normalized.isPresent() && allowedOrigins.contains(normalized.get());
  }

  /**
   * scheme://host[:port], lower-cased, default port dropped; empty for anything else ("null"
   * included).
   */
  private static Optional<String> origin(String url) {
    try {
      URI uri = new URI(url.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort =
          port == -1
              || scheme.equals("https") && port == 443
              || scheme.equals("http") && port == 80;
      return Optional.of(
          scheme
              + "://"
              + uri.getHost().toLowerCase(Locale.ROOT)
              + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** A POST body must be JSON (MCP Streamable HTTP); an unlabelled one is left to the transport. */
  private static boolean jsonOrUnlabelled(RequestHeaders headers) {
    for (String contentType : headers.values("Content-Type")) {
      String type = contentType.split(";", 2)[0].trim();
      if (!type.equalsIgnoreCase("application/json")) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> charset(RequestHeaders headers) {
    for (String contentType : headers.values("Content-Type")) {
      for (String param : contentType.split(";")) {
        String p = param.trim();
        if (p.regionMatches(true, 0, "charset=", 0, 8)) {
          String value = p.substring(8).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> headerMismatch(RequestHeaders headers, JsonRpcScan.Result scan) {
    List<String> methodHeader = headers.values("Mcp-Method");
    List<String> nameHeader = headers.values("Mcp-Name");
    if (methodHeader.isEmpty() && nameHeader.isEmpty()) {
      return Optional.empty();
    }
    if (methodHeader.size() > 1
        || nameHeader.size() > 1
        || scan.batch()
        || scan.calls().size() != 1) {
      return Optional.of("Mcp-Method and Mcp-Name describe exactly one request");
    }
    JsonRpcScan.Call call = scan.calls().get(0);
    if (!methodHeader.isEmpty()
        && !decoded(methodHeader.get(0)).equals(Optional.ofNullable(call.method()))) {
      return Optional.of("Mcp-Method does not match the body");
    }
    if (!nameHeader.isEmpty()
        && !decoded(nameHeader.get(0)).equals(Optional.ofNullable(call.name()))) {
      return Optional.of("Mcp-Name does not match the body");
    }
    return Optional.empty();
  }

  /**
   * A header value as the client meant it: {@code =?base64?<standard Base64 of UTF-8>?=} is decoded
   * (MCP 2026-07-28 value encoding, markers case-sensitive), anything else is taken as written;
   * empty when the encoded form is malformed.
   */
  static Optional<String> decoded(String value) {
    if (value.startsWith(BASE64_PREFIX)
        && value.endsWith(BASE64_SUFFIX)
        && value.length() >= BASE64_PREFIX.length() + BASE64_SUFFIX.length()) {
      String payload =
          value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length());
      try {
        return Optional.of(StrictJson.decodeUtf8(Base64.getDecoder().decode(payload)));
      } catch (IllegalArgumentException | StrictJson.JsonRejected e) {
        return Optional.empty();
      }
    }
    return Optional.of(value);
  }

  private static McpGate.Decision rpcError(
      AuthError kind, DenialReason reason, int code, String message, String id) {
    return McpGate.Decision.Respond.of(
        BearerChallenge.jsonRpcError(kind, reason, code, message, id));
  }

  /**
   * Who a caller is, for binding: a hash of issuer and subject (or client id when there is no
   * subject). The hashed text is a kind tag then length-prefixed fields, so no choice of values
   * collides with another: a subject spelled like a client id ({@code client:x}), or an issuer or
   * subject containing the separator, names a different owner than the caller it imitates.
   */
  static String owner(AuthInfo info) {
    StringBuilder fields = new StringBuilder("owner-v2");
    if (info.subject().isPresent()) {
      lengthPrefixed(lengthPrefixed(fields, "sub"), info.issuer());
      lengthPrefixed(fields, info.subject().get());
    } else if (info.clientId().isPresent()) {
      lengthPrefixed(lengthPrefixed(fields, "client"), info.issuer());
      lengthPrefixed(fields, info.clientId().get());
    } else {
      lengthPrefixed(lengthPrefixed(fields, "issuer-only"), info.issuer());
    }
    return "owner:" + sha256(fields.toString());
  }

  /** Appends {@code <length>:<value>}: the length says where the value ends, whatever it holds. */
  private static StringBuilder lengthPrefixed(StringBuilder out, String value) {
    return out.append(value.length()).append(':').append(value);
  }

  private String sessionKey(String sessionId) {
    return "session:" + sha256(guard.resource().value() + "\n" + sessionId);
  }

  private static String sha256(String text) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Builds an {@link McpGate}. */
  public static final class Builder {
    private final McpAuth mcpAuth;
    private final BearerAuth auth;
    private McpScopePolicy policy = McpScopePolicy.none();
    private McpScopePolicy.Builder scopes;
    private boolean sessionBinding = true;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private long maxBodyMemory = DEFAULT_MAX_BODY_MEMORY;
    private final Set<String> allowedOrigins = new LinkedHashSet<>();
    private boolean anyOrigin;

    private Builder(McpAuth mcpAuth, BearerAuth auth) {
      this.mcpAuth = Objects.requireNonNull(mcpAuth, "mcpAuth");
      this.auth = Objects.requireNonNull(auth, "auth");
    }

    /** The whole scope table at once (tests). */
    Builder scopePolicy(McpScopePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      this.scopes = null;
      return this;
    }

    private McpScopePolicy.Builder scopes() {
      if (scopes == null) {
        scopes = McpScopePolicy.builder();
      }
      return scopes;
    }

    /**
     * Scopes a {@code tools/call} of this tool needs, on top of the route's; the 403 step-up names
     * all of them at once.
     */
    public Builder tool(String name, String... scopes) {
      scopes().tool(name, scopes);
      return this;
    }

    /**
     * Scopes reading or subscribing to this resource needs. A URI with {@code {variables}} is
     * matched exactly as the MCP SDK's dispatcher matches it, like {@link #resourceTemplate}.
     */
    public Builder resource(String uri, String... scopes) {
      scopes().resource(uri, scopes);
      return this;
    }

    /**
     * Scopes every URI an RFC 6570 level-1 template ({@code notes://{id}}) matches needs, matched
     * as the MCP SDK's dispatcher matches it; a template the SDK would read as literal text is
     * refused ({@link IllegalArgumentException}).
     */
    public Builder resourceTemplate(String template, String... scopes) {
      scopes().resourceTemplate(template, scopes);
      return this;
    }

    /** Scopes a {@code prompts/get} of this prompt needs. */
    public Builder prompt(String name, String... scopes) {
      scopes().prompt(name, scopes);
      return this;
    }

    /** Scopes every request of this JSON-RPC method needs ({@code tools/list}, ...). */
    public Builder method(String method, String... scopes) {
      scopes().method(method, scopes);
      return this;
    }

    /**
     * Origins (scheme://host[:port]) allowed besides the resource's own, for browser-based MCP
     * clients. Requests without {@code Origin} (every non-browser client) are never refused for it.
     */
    public Builder allowedOrigins(String... origins) {
      for (String o : origins) {
        allowedOrigins.add(Objects.requireNonNull(o, "origin"));
      }
      return this;
    }

    /**
     * Weakening: accepts any {@code Origin}. Only for servers that are not reachable from a browser
     * on the user's machine; the default refuses foreign origins (DNS rebinding).
     */
    public Builder allowAnyOrigin() {
      this.anyOrigin = true;
      return this;
    }

    /**
     * Weakening: lets any authorized caller use any session id. Only for servers whose sessions
     * carry nothing user-specific; session binding is on by default.
     */
    public Builder disableSessionBinding() {
      this.sessionBinding = false;
      return this;
    }

    /** The body size cap in bytes (at least 1024); bigger bodies get 413 after authentication. */
    public Builder maxBodyBytes(int max) {
      if (max < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
      this.maxBodyBytes = max;
      return this;
    }

    /**
     * The cap on the bodies held by all concurrent requests together; beyond it requests get 503.
     */
    public Builder maxBodyMemory(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxBodyMemory must be at least 1024");
      }
      this.maxBodyMemory = bytes;
      return this;
    }

    /** Builds the gate. */
    public McpGate build() {
      return new McpGate(this);
    }
  }
}
