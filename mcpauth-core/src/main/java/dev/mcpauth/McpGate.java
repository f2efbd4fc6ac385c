package dev.mcpauth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 *   <li>{@code MCP-Protocol-Version}, when present, must be one this gate accepts: one this library
 *       knows, narrowed to what the transport behind it speaks ({@link Builder#protocolVersions},
 *       {@link #restrictedTo}); otherwise 400 {@code UnsupportedProtocolVersion} naming the
 *       supported versions;
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

  /** JSON-RPC invalid params: a value a scope is built from is missing or unusable. */
  public static final int INVALID_PARAMS_CODE = -32602;

  /**
   * JSON-RPC error code of a request a rule forbids ({@link ClaimRule}), and of a {@link StepUp}
   * answered inside a response stream that had already started: the server's own code, in the range
   * JSON-RPC leaves to servers.
   */
  public static final int FORBIDDEN_CODE = -32003;

  /**
   * JSON-RPC error code of a request whose {@code MCP-Protocol-Version} this gate does not accept
   * (MCP 2026-07-28 "UnsupportedProtocolVersion"; its {@code data} lists {@code supported}).
   */
  public static final int UNSUPPORTED_PROTOCOL_VERSION_CODE = -32022;

  /**
   * The MCP protocol versions this library knows the request rules of. A gate accepts these unless
   * narrowed to what its transport speaks ({@link Builder#protocolVersions}, {@link
   * #restrictedTo}); the adapters for the MCP Java SDK narrow it to the SDK's versions themselves.
   */
  public static final Set<String> KNOWN_PROTOCOL_VERSIONS =
      Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28");

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
     * @param scopes every scope the request needed (the route's and its operations'), which a
     *     {@link StepUp} challenge names again with what the handler adds
     */
    record Forward(AuthInfo authInfo, Optional<byte[]> body, List<String> scopes)
        implements Decision {
      /** Checks the parts are present; copies the scopes. */
      public Forward {
        Objects.requireNonNull(authInfo, "authInfo");
        Objects.requireNonNull(body, "body");
        scopes = List.copyOf(scopes);
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

  private final McpRequestDecider decider;
  private final BearerAuth auth;
  private final ResourceGuard guard;
  private final McpScopePolicy policy;
  private final int maxBodyBytes;
  private final String summary;
  private final Clock clock;
  private final List<String> protocolVersions;

  private McpGate(Builder b) {
    this.decider = new McpRequestDecider(b);
    this.auth = b.auth;
    this.guard = b.auth.guard();
    this.policy = decider.policy();
    this.maxBodyBytes = b.maxBodyBytes;
    this.summary = b.mcpAuth.protectionSummary(guard.resource().value());
    this.clock = b.mcpAuth.clock();
    this.protocolVersions =
        b.protocolVersions.isEmpty()
            ? KNOWN_PROTOCOL_VERSIONS.stream().sorted().toList()
            : b.protocolVersions.stream().sorted().toList();
  }

  /** The same gate (state shared: sessions, body budget) accepting only {@code versions}. */
  private McpGate(McpGate base, List<String> versions) {
    this.decider = base.decider;
    this.auth = base.auth;
    this.guard = base.guard;
    this.policy = base.policy;
    this.maxBodyBytes = base.maxBodyBytes;
    this.summary = base.summary;
    this.clock = base.clock;
    this.protocolVersions = versions;
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
    return decider.check(headers, body, protocolVersions);
  }

  /**
   * Same as {@link #check}, for event loops: never blocks, and answers {@link
   * McpGate.Decision.Pending} when authentication must wait. {@code body} must not block either
   * (pass a body already buffered).
   */
  public McpGate.Decision checkNonBlocking(RequestHeaders headers, Body body) {
    return decider.checkNonBlocking(headers, body, protocolVersions);
  }

  /**
   * The {@code MCP-Protocol-Version} values this gate accepts, oldest first; a request naming
   * another is refused with 400 {@link #UNSUPPORTED_PROTOCOL_VERSION_CODE}.
   */
  public List<String> protocolVersions() {
    return protocolVersions;
  }

  /**
   * This gate, accepting only the protocol versions among its own that the transport behind it
   * speaks: an adapter calls it with its MCP server's versions, so a version the library knows but
   * the transport cannot speak is refused at the gate (fail closed). Sessions, the body-memory
   * budget and every rule are shared with this gate; it never widens what this gate accepts.
   *
   * @param spoken the versions the transport speaks (others are ignored)
   * @return this gate when nothing changes
   * @throws IllegalArgumentException when the transport speaks none of this gate's versions (fix
   *     the SDK or the gate's {@link Builder#protocolVersions} so the two share one)
   */
  public McpGate restrictedTo(Collection<String> spoken) {
    Set<String> speaks = Set.copyOf(spoken);
    List<String> both = protocolVersions.stream().filter(speaks::contains).toList();
    if (both.isEmpty()) {
      throw new IllegalArgumentException(
          "the MCP transport speaks protocol versions "
              + spoken
              + " and the gate accepts "
              + protocolVersions
              + ": they share none");
    }
    return both.equals(protocolVersions) ? this : new McpGate(this, both);
  }

  /**
   * How long a stream opened by this caller (an SSE {@code GET}, or a {@code POST} answered as a
   * stream) may stay open: until the token that opened it expires ({@link AuthInfo#expiresAt()}),
   * zero when it has; empty when the token carries no expiry. Adapters that stream end the response
   * then, so a revoked or expired token stops receiving events, and a new stream needs a valid
   * token.
   */
  public Optional<Duration> streamLifetime(AuthInfo caller) {
    return caller
        .expiresAt()
        .map(
            exp -> {
              Duration left = Duration.between(clock.instant(), exp);
              return left.isNegative() ? Duration.ZERO : left;
            });
  }

  /**
   * The {@code Cache-Control} value of a response to a forwarded request, given what the transport
   * set ({@code fromTransport}, empty when nothing): the transport's value when it already says
   * {@code no-store} or (unqualified) {@code private}, otherwise {@code private} in front of its
   * other directives, {@code public} dropped. An MCP result may be filtered for its caller (tools
   * hidden by scope), so no shared cache may keep it for another caller (RFC 9111 §5.2.2.7). Every
   * adapter sets this on every forwarded response.
   */
  public static String forwardedCacheControl(List<String> fromTransport) {
    return ForwardedCaching.cacheControl(fromTransport);
  }

  /**
   * The CORS headers to add to the transport's answer to a forwarded request (the gate's own
   * answers carry them already): {@code Access-Control-Allow-Origin} and {@code
   * Access-Control-Expose-Headers} ({@code WWW-Authenticate}, {@code DPoP-Nonce}, {@code
   * Mcp-Session-Id}) when the request comes from an allowed browser origin; empty otherwise. Every
   * adapter adds them, so browser-based MCP clients can read every answer.
   */
  public Map<String, String> corsHeaders(RequestHeaders headers) {
    return decider.corsHeaders(headers);
  }

  /**
   * Records who created a session: call when the server answers with a new {@code Mcp-Session-Id},
   * or when the SSE transport announces its {@code sessionId}. A session that cannot be bound (the
   * store is full or down) stays unknown, so it is refused with 404 rather than usable by anyone.
   */
  public void sessionStarted(String sessionId, AuthInfo creator) {
    decider.sessionStarted(sessionId, creator);
  }

  /** Forgets a session (call after a successful DELETE). */
  public void sessionEnded(String sessionId) {
    decider.sessionEnded(sessionId);
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
   * Whether the caller holds every scope the tool needs and passes its claim rules, as far as is
   * known without a request (for hiding tools in {@code tools/list}; scopes that depend on the
   * arguments are decided when the tool is called).
   */
  public boolean mayCallTool(String tool, AuthInfo info) {
    return guard.grants(info, policy.toolScopes(tool)) && policy.passesToolClaims(tool, info);
  }

  /**
   * The step-up recorder of one forwarded request: the adapter makes one per {@link
   * Decision.Forward} and puts it where handlers find it (under {@link StepUp#KEY}); a handler that
   * learns mid-call that it needs more scopes records them there, and the adapter answers with
   * {@link StepUp#challenge()} when the response has not started.
   */
  public StepUp stepUp(Decision.Forward forwarded) {
    return new StepUp(guard, forwarded);
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

  /** A caller's session-owner key (tests). */
  static String owner(AuthInfo info) {
    return McpRequestDecider.owner(info);
  }

  /** A header value as the client meant it (tests). */
  static Optional<String> decoded(String value) {
    return McpRequestDecider.decoded(value);
  }

  /** The answer to an allowed CORS preflight of the MCP endpoint (tests). */
  HttpResponse corsPreflight() {
    return McpRequestDecider.corsPreflight();
  }

  /** Builds an {@link McpGate}. */
  public static final class Builder {
    final McpAuth mcpAuth;
    final BearerAuth auth;
    McpScopePolicy policy = McpScopePolicy.none();
    McpScopePolicy.Builder scopes;
    boolean sessionBinding = true;
    int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    long maxBodyMemory = DEFAULT_MAX_BODY_MEMORY;
    final Set<String> allowedOrigins = new LinkedHashSet<>();
    boolean anyOrigin;
    final Set<String> protocolVersions = new LinkedHashSet<>();

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
     * all of them at once. {@code {name}} in a scope is replaced by the call's argument {@code
     * name} (see {@link McpAccess}).
     */
    public Builder tool(String name, String... scopes) {
      return tool(name, McpAccess.scopes(scopes));
    }

    /** Scopes a {@code tools/call} of this tool needs, decided per request. */
    public Builder tool(String name, OperationScopes scopes) {
      return tool(name, McpAccess.builder().scopes(scopes).build());
    }

    /**
     * What a {@code tools/call} of this tool needs: scopes, authentication, claim rules. Several
     * registrations of one tool add up.
     */
    public Builder tool(String name, McpAccess access) {
      scopes().tool(name, access);
      return this;
    }

    /**
     * Scopes reading or subscribing to this resource needs. A URI with {@code {variables}} is
     * matched exactly as the MCP SDK's dispatcher matches it, like {@link #resourceTemplate}.
     */
    public Builder resource(String uri, String... scopes) {
      return resource(uri, McpAccess.scopes(scopes));
    }

    /** Scopes reading this resource needs, decided per request. */
    public Builder resource(String uri, OperationScopes scopes) {
      return resource(uri, McpAccess.builder().scopes(scopes).build());
    }

    /** What reading or subscribing to this resource needs. */
    public Builder resource(String uri, McpAccess access) {
      scopes().resource(uri, access);
      return this;
    }

    /**
     * Scopes every URI an RFC 6570 level-1 template ({@code notes://{id}}) matches needs, matched
     * as the MCP SDK's dispatcher matches it; a template the SDK would read as literal text is
     * refused ({@link IllegalArgumentException}). {@code {id}} in a scope is replaced by the
     * variable's value: {@code resourceTemplate("notes://{id}", "notes:{id}")}.
     */
    public Builder resourceTemplate(String template, String... scopes) {
      return resourceTemplate(template, McpAccess.scopes(scopes));
    }

    /**
     * Scopes every URI the template matches needs, decided per request ({@link
     * McpOperation#variables()} holds the template's variables).
     */
    public Builder resourceTemplate(String template, OperationScopes scopes) {
      return resourceTemplate(template, McpAccess.builder().scopes(scopes).build());
    }

    /** What reading any URI the template matches needs. */
    public Builder resourceTemplate(String template, McpAccess access) {
      scopes().resourceTemplate(template, access);
      return this;
    }

    /** Scopes a {@code prompts/get} of this prompt needs ({@code {name}}: its argument). */
    public Builder prompt(String name, String... scopes) {
      return prompt(name, McpAccess.scopes(scopes));
    }

    /** Scopes a {@code prompts/get} of this prompt needs, decided per request. */
    public Builder prompt(String name, OperationScopes scopes) {
      return prompt(name, McpAccess.builder().scopes(scopes).build());
    }

    /** What a {@code prompts/get} of this prompt needs. */
    public Builder prompt(String name, McpAccess access) {
      scopes().prompt(name, access);
      return this;
    }

    /** Scopes every request of this JSON-RPC method needs ({@code tools/list}, ...). */
    public Builder method(String method, String... scopes) {
      return method(method, McpAccess.scopes(scopes));
    }

    /** Scopes every request of this JSON-RPC method needs, decided per request. */
    public Builder method(String method, OperationScopes scopes) {
      return method(method, McpAccess.builder().scopes(scopes).build());
    }

    /** What every request of this JSON-RPC method needs (no placeholders: a method has none). */
    public Builder method(String method, McpAccess access) {
      scopes().method(method, access);
      return this;
    }

    /**
     * What every request to the endpoint needs, GET and DELETE included: an authentication
     * requirement or a claim rule for the whole MCP server ({@link IllegalArgumentException} for
     * placeholders or per-request scope rules, which need an operation).
     */
    public Builder require(McpAccess access) {
      scopes().everyRequest(access);
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

    /**
     * The {@code MCP-Protocol-Version} values the gate accepts, when the server behind it speaks
     * fewer than {@link #KNOWN_PROTOCOL_VERSIONS} (the default); a request naming another gets 400
     * {@link #UNSUPPORTED_PROTOCOL_VERSION_CODE}. The adapters for the MCP Java SDK narrow the gate
     * to the SDK's versions themselves ({@link McpGate#restrictedTo}).
     *
     * @throws IllegalArgumentException for a version this library does not know the rules of, or
     *     for none at all
     */
    public Builder protocolVersions(String... versions) {
      if (versions.length == 0) {
        throw new IllegalArgumentException("protocolVersions needs at least one version");
      }
      for (String v : versions) {
        if (!KNOWN_PROTOCOL_VERSIONS.contains(Objects.requireNonNull(v, "version"))) {
          throw new IllegalArgumentException(
              "unknown MCP protocol version \""
                  + v
                  + "\"; known: "
                  + KNOWN_PROTOCOL_VERSIONS.stream().sorted().toList());
        }
      }
      protocolVersions.clear();
      protocolVersions.addAll(List.of(versions));
      return this;
    }

    /** Builds the gate. */
    public McpGate build() {
      return new McpGate(this);
    }
  }
}
