package dev.mcpauth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The whole authorization decision for an MCP endpoint (streamable, stateless or SSE transport), for
 * adapters to call once per HTTP request: bearer verification with the scopes of the JSON-RPC
 * operation(s) in the body, {@code Mcp-Method}/{@code Mcp-Name} agreement with the body, a body size
 * cap, and session binding. Immutable configuration, thread-safe.
 *
 * <p>Order: authentication first (a request without a valid token gets 401 whatever its body holds,
 * and the challenge already names the scopes the operation needs); then the body: one it cannot read
 * is refused (400), never waved through, because the MCP server might read it differently; then
 * scopes (403 naming every scope the call needs, batches checked element by element before anything
 * runs); then headers against body (400 {@code HeaderMismatch}, MCP 2026-07-28); then the session
 * binding (403, without a step-up challenge).
 */
public final class McpGate {
  /** Default cap on a JSON-RPC body: 4 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
  /** Default number of remembered session bindings: 10,000 (least recently used dropped first). */
  public static final int DEFAULT_MAX_SESSIONS = 10_000;
  /** JSON-RPC error code for a header/body mismatch (MCP 2026-07-28 "HeaderMismatch"). */
  public static final int HEADER_MISMATCH_CODE = -32020;
  /** JSON-RPC parse error. */
  public static final int PARSE_ERROR_CODE = -32700;
  /** Nesting bound for JSON-RPC bodies. */
  static final int MAX_BODY_DEPTH = 64;

  private final BearerAuth auth;
  private final McpScopePolicy policy;
  private final SessionBindings sessions;
  private final int maxBodyBytes;

  private McpGate(Builder b) {
    this.auth = b.auth;
    this.policy = b.policy;
    this.sessions = b.sessionBinding ? new SessionBindings(b.maxSessions) : null;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /** Starts a builder around the bearer verifier of the MCP endpoint's resource. */
  public static Builder builder(BearerAuth auth) {
    return new Builder(auth);
  }

  /** The parsed operations of a body: methods and names in order, or why it cannot be read. */
  private record Operations(List<String[]> calls, String unreadable) {}

  /**
   * Decides one HTTP request to the MCP endpoint.
   *
   * @param headers the request headers
   * @param body the request body when the method has one (POST), read up to
   *     {@link #maxBodyBytes()} + 1 bytes; null for GET and DELETE
   * @return {@link AuthResult.Authorized} to pass the request on, or the response to send
   */
  public AuthResult check(RequestHeaders headers, byte[] body) {
    Operations ops = body == null ? new Operations(List.of(), null) : parse(body);
    Set<String> scopes = new LinkedHashSet<>();
    for (String[] call : ops.calls()) {
      scopes.addAll(policy.scopesFor(call[0], call[1]));
    }
    AuthResult result = auth.verify(headers, scopes);
    if (!(result instanceof AuthResult.Authorized)) {
      return result;
    }
    if (body != null && body.length > maxBodyBytes) {
      return BearerChallenge.jsonRpcError(AuthError.PAYLOAD_TOO_LARGE, PARSE_ERROR_CODE,
          "Request body exceeds " + maxBodyBytes + " bytes");
    }
    if (ops.unreadable() != null) {
      return BearerChallenge.jsonRpcError(AuthError.INVALID_BODY, PARSE_ERROR_CODE,
          "Parse error: " + ops.unreadable());
    }
    String mismatch = headerMismatch(headers, ops.calls());
    if (mismatch != null) {
      return BearerChallenge.jsonRpcError(AuthError.HEADER_MISMATCH, HEADER_MISMATCH_CODE,
          "HeaderMismatch: " + mismatch);
    }
    AuthInfo info = ((AuthResult.Authorized) result).authInfo();
    if (sessions != null) {
      for (String sessionId : headers.values("Mcp-Session-Id")) {
        if (!sessions.mayUse(sessionId, info)) {
          return BearerChallenge.forbidden("invalid_session",
              "This MCP session belongs to another user.");
        }
      }
    }
    return result;
  }

  /**
   * The answer to a CORS preflight of the MCP endpoint ({@link BearerAuth#isCorsPreflight}), for
   * transports that do not answer preflights themselves: 204, any origin, the MCP request headers.
   */
  public MetadataResponse corsPreflight() {
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", "*");
    headers.put("Access-Control-Allow-Methods", "POST, GET, DELETE");
    headers.put("Access-Control-Allow-Headers",
        "Authorization, Content-Type, DPoP, Mcp-Method, Mcp-Name, Mcp-Session-Id, MCP-Protocol-Version");
    headers.put("Access-Control-Expose-Headers", "WWW-Authenticate, DPoP-Nonce, Mcp-Session-Id");
    headers.put("Access-Control-Max-Age", "86400");
    return new MetadataResponse(204, headers, "");
  }

  /** Records who created a session (call when the server answers with a new {@code Mcp-Session-Id}). */
  public void sessionStarted(String sessionId, AuthInfo creator) {
    if (sessions != null && sessionId != null && !sessionId.isEmpty()) {
      sessions.bind(sessionId, Objects.requireNonNull(creator, "creator"));
    }
  }

  /** Forgets a session (call after a successful DELETE). */
  public void sessionEnded(String sessionId) {
    if (sessions != null && sessionId != null) {
      sessions.unbind(sessionId);
    }
  }

  /** Whether the caller holds every scope the tool needs (for hiding tools in {@code tools/list}). */
  public boolean mayCallTool(String tool, AuthInfo info) {
    ScopeHierarchy hierarchy = auth.config().scopeHierarchy();
    for (String scope : policy.toolScopes(tool)) {
      if (!hierarchy.satisfies(info.scopes(), scope)) {
        return false;
      }
    }
    return true;
  }

  /** The body size cap in bytes. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The bearer verifier behind this gate. */
  public BearerAuth bearerAuth() {
    return auth;
  }

  private Operations parse(byte[] body) {
    if (body.length > maxBodyBytes) {
      return new Operations(List.of(), null);
    }
    JsonElement json;
    try {
      json = StrictJson.parse(StrictJson.decodeUtf8(body), MAX_BODY_DEPTH);
    } catch (StrictJson.JsonRejected e) {
      return new Operations(List.of(), e.getMessage());
    }
    List<String[]> calls = new ArrayList<>();
    if (json.isJsonArray()) {
      for (JsonElement element : json.getAsJsonArray()) {
        addCall(element, calls);
      }
    } else {
      addCall(json, calls);
    }
    return new Operations(calls, null);
  }

  private static void addCall(JsonElement element, List<String[]> calls) {
    if (!element.isJsonObject()) {
      return;
    }
    JsonObject message = element.getAsJsonObject();
    String method = string(message.get("method"));
    if (method == null) {
      return;
    }
    JsonElement params = message.get("params");
    String name = null;
    if (params != null && params.isJsonObject()) {
      JsonObject p = params.getAsJsonObject();
      name = method.startsWith("resources/") ? string(p.get("uri")) : string(p.get("name"));
    }
    calls.add(new String[] {method, name});
  }

  private static String headerMismatch(RequestHeaders headers, List<String[]> calls) {
    List<String> methodHeader = headers.values("Mcp-Method");
    List<String> nameHeader = headers.values("Mcp-Name");
    if (methodHeader.isEmpty() && nameHeader.isEmpty()) {
      return null;
    }
    if (methodHeader.size() > 1 || nameHeader.size() > 1 || calls.size() != 1) {
      return "Mcp-Method and Mcp-Name describe exactly one request";
    }
    String[] call = calls.get(0);
    if (!methodHeader.isEmpty() && !methodHeader.get(0).equals(call[0])) {
      return "Mcp-Method does not match the body";
    }
    if (!nameHeader.isEmpty() && !nameHeader.get(0).equals(call[1])) {
      return "Mcp-Name does not match the body";
    }
    return null;
  }

  private static String string(JsonElement e) {
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
  }

  /** Builds an {@link McpGate}. */
  public static final class Builder {
    private final BearerAuth auth;
    private McpScopePolicy policy = McpScopePolicy.none();
    private boolean sessionBinding = true;
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder(BearerAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
    }

    /** Per-tool, per-resource and per-prompt scopes. */
    public Builder scopePolicy(McpScopePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Weakening: lets any authorized caller use any session id. Only for servers whose sessions carry
     * nothing user-specific; session binding is on by default.
     */
    public Builder disableSessionBinding() {
      this.sessionBinding = false;
      return this;
    }

    /** How many session bindings to remember. */
    public Builder maxSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSessions must be positive");
      }
      this.maxSessions = max;
      return this;
    }

    /** The body size cap in bytes; bigger bodies get 413 after authentication. */
    public Builder maxBodyBytes(int max) {
      if (max < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
      this.maxBodyBytes = max;
      return this;
    }

    /** Builds the gate. */
    public McpGate build() {
      return new McpGate(this);
    }
  }
}
