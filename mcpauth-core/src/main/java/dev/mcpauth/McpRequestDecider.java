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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@link McpGate}'s decision for one request to an MCP endpoint, in the order its
 * Javadoc gives (preflight, origin, protocol version, authentication from the headers, the body for
 * an authenticated caller, header/body agreement, scopes, session, consumption last), and the
 * session bookkeeping. {@link McpGate} is the facade adapters see. Immutable configuration,
 * thread-safe.
 */
final class McpRequestDecider {
  private static final Logger LOG = LoggerFactory.getLogger(McpGate.class);
  private static final String BASE64_PREFIX = "=?base64?";
  private static final String BASE64_SUFFIX = "?=";

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

  McpScopePolicy policy() {
    return policy;
  }

  McpRequestDecider(McpGate.Builder b) {
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

  private McpGate.Decision decide(
      RequestHeaders headers, McpGate.Body body, boolean mayBlock, List<String> protocolVersions) {
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
        || versions.size() == 1 && !protocolVersions.contains(versions.get(0).trim())) {
      return McpGate.Decision.Respond.of(
          BearerChallenge.unsupportedProtocolVersion(versions, protocolVersions));
    }
    ResourceGuard.Authentication.Result a =
        guard.authenticate(headers, challengeScopes(headers), mayBlock);
    return afterAuthentication(headers, body, method, a, mayBlock);
  }

  private McpGate.Decision afterAuthentication(
      RequestHeaders headers,
      McpGate.Body body,
      String method,
      ResourceGuard.Authentication.Result a,
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
      return authorizeAndBind(
          headers,
          who,
          policy.evaluate(auth.requiredScopes(), List.of(), who.info()),
          JsonRpcScan.NO_ID,
          Optional.empty(),
          mayBlock);
    }
    Optional<String> charset = charset(headers);
    if (!jsonOrUnlabelled(headers)
        || charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8")) {
      return rpcError(
          AuthError.UNSUPPORTED_MEDIA_TYPE,
          DenialReason.UNSUPPORTED_MEDIA_TYPE,
          McpGate.PARSE_ERROR_CODE,
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
            McpGate.PARSE_ERROR_CODE,
            "Parse error: the request body could not be read",
            JsonRpcScan.NO_ID);
      }
      if (bytes.length > maxBodyBytes) {
        return rpcError(
            AuthError.PAYLOAD_TOO_LARGE,
            DenialReason.PAYLOAD_TOO_LARGE,
            McpGate.PARSE_ERROR_CODE,
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
            McpGate.PARSE_ERROR_CODE,
            "Parse error: the body is not valid UTF-8",
            JsonRpcScan.NO_ID);
      }
      JsonRpcScan.Result scan = JsonRpcScan.scan(text);
      if (scan.unreadable().isPresent()) {
        return rpcError(
            AuthError.INVALID_BODY,
            DenialReason.INVALID_BODY,
            McpGate.PARSE_ERROR_CODE,
            "Parse error: " + scan.unreadable().get(),
            scan.firstId());
      }
      Optional<String> mismatch = headerMismatch(headers, scan);
      if (mismatch.isPresent()) {
        return rpcError(
            AuthError.HEADER_MISMATCH,
            DenialReason.HEADER_MISMATCH,
            McpGate.HEADER_MISMATCH_CODE,
            "HeaderMismatch: " + mismatch.get(),
            scan.firstId());
      }
      McpScopePolicy.Needs needs = policy.evaluate(auth.requiredScopes(), scan.calls(), who.info());
      return authorizeAndBind(headers, who, needs, scan.firstId(), Optional.of(bytes), mayBlock);
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
      McpScopePolicy.Needs needs,
      String id,
      Optional<byte[]> body,
      boolean mayBlock) {
    if (!mayBlock
        && sessions.isPresent()
        && !sessions.get().isNonBlocking()
        && carriesSession(headers)) {
      return new McpGate.Decision.Pending(
          () -> authorizeAndBind(headers, who, needs, id, body, true));
    }
    Optional<McpGate.Decision> session = checkSession(headers, who.info());
    if (session.isPresent()) {
      return session.get();
    }
    Optional<McpGate.Decision> refused = refusedByRules(who, needs, id);
    if (refused.isPresent()) {
      return refused.get();
    }
    AuthResult result = guard.authorize(who, needs.scopes(), mayBlock);
    if (result instanceof AuthResult.Pending) {
      return new McpGate.Decision.Pending(
          () -> authorizeAndBind(headers, who, needs, id, body, true));
    }
    if (result instanceof AuthResult.Denied denied) {
      return McpGate.Decision.Respond.of(denied);
    }
    return new McpGate.Decision.Forward(
        ((AuthResult.Authorized) result).authInfo(), body, needs.scopes());
  }

  /**
   * The refusals that come before scopes, cheapest to fix last: a rule that cannot decide or a
   * claim rule (403 naming no scope: another token will not help), an unusable placeholder value
   * (400), then an authentication that is too weak or too old (401 RFC 9470 naming every scope).
   */
  private Optional<McpGate.Decision> refusedByRules(
      ResourceGuard.Authentication.Authenticated who, McpScopePolicy.Needs needs, String id) {
    BearerChallenge.Scheme scheme = who.presented().scheme();
    if (needs.refusal().isPresent()) {
      McpScopePolicy.Refusal refusal = needs.refusal().get();
      if (refusal instanceof McpScopePolicy.Refusal.Unresolvable u) {
        return Optional.of(
            rpcError(
                AuthError.INVALID_REQUEST,
                DenialReason.UNRESOLVABLE_SCOPE,
                McpGate.INVALID_PARAMS_CODE,
                u.message(),
                id));
      }
      if (refusal instanceof McpScopePolicy.Refusal.Broken b) {
        return Optional.of(
            McpGate.Decision.Respond.of(
                guard
                    .challenge()
                    .accessDenied(
                        scheme, DenialReason.CLAIM_RULE_FAILED, b.rule().description(), id)));
      }
      return Optional.of(
          McpGate.Decision.Respond.of(
              guard
                  .challenge()
                  .accessDenied(
                      scheme,
                      DenialReason.SCOPE_RULE_FAILED,
                      "the server could not decide whether this operation is allowed",
                      id)));
    }
    if (!needs.authentication().isEmpty()) {
      java.time.Instant now = clock.instant();
      java.time.Duration skew = guard.policy().clockSkew();
      boolean met = needs.authentication().stream().allMatch(r -> r.metBy(who.info(), now, skew));
      if (!met) {
        return Optional.of(
            McpGate.Decision.Respond.of(
                guard
                    .challenge()
                    .insufficientUserAuthentication(
                        scheme,
                        AuthenticationRequirement.combine(needs.authentication()).orElseThrow(),
                        needs.scopes())));
      }
    }
    return Optional.empty();
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
                McpGate.INVALID_REQUEST_CODE,
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
   * The answer to an allowed CORS preflight of the MCP endpoint: 204, the origin the resource
   * allows, the MCP request headers.
   */
  static HttpResponse corsPreflight() {
    return CorsPreflight.answer(
        "POST, GET, DELETE",
        "Authorization, Content-Type, DPoP, Mcp-Method, Mcp-Name, Mcp-Session-Id,"
            + " MCP-Protocol-Version, Last-Event-ID",
        "WWW-Authenticate, DPoP-Nonce, Mcp-Session-Id");
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

  /**
   * The first protocol version whose requests must carry {@code Mcp-Method} and {@code Mcp-Name}.
   */
  static final String REQUEST_HEADERS_VERSION = "2026-07-28";

  /** The methods whose {@code Mcp-Name} mirrors a value of the body (MCP 2026-07-28). */
  private static final Set<String> NAMED_METHODS =
      Set.of("tools/call", "resources/read", "prompts/get");

  private static Optional<String> headerMismatch(RequestHeaders headers, JsonRpcScan.Result scan) {
    List<String> methodHeader = headers.values("Mcp-Method");
    List<String> nameHeader = headers.values("Mcp-Name");
    List<String> version = headers.values("MCP-Protocol-Version");
    boolean headersRequired =
        version.size() == 1 && version.get(0).trim().compareTo(REQUEST_HEADERS_VERSION) >= 0;
    if (headersRequired) {
      // MCP 2026-07-28: every request and notification names its method, and the methods with a
      // name or URI name it too; a missing header is a mismatch like a wrong one (400 -32020)
      boolean anyMethod = scan.calls().stream().anyMatch(c -> c.method() != null);
      if (anyMethod && methodHeader.isEmpty()) {
        return Optional.of("the Mcp-Method header is required");
      }
      if (nameHeader.isEmpty()
          && scan.calls().stream()
              .anyMatch(c -> c.method() != null && NAMED_METHODS.contains(c.method()))) {
        return Optional.of("the Mcp-Name header is required for this method");
      }
    }
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

  McpGate.Decision check(RequestHeaders headers, McpGate.Body body, List<String> protocolVersions) {
    return withCors(headers, guard.reported(decide(headers, body, true, protocolVersions)));
  }

  McpGate.Decision checkNonBlocking(
      RequestHeaders headers, McpGate.Body body, List<String> protocolVersions) {
    McpGate.Decision decision = decide(headers, body, false, protocolVersions);
    return decision instanceof McpGate.Decision.Pending pending
        ? new McpGate.Decision.Pending(() -> withCors(headers, guard.reported(pending.await())))
        : withCors(headers, guard.reported(decision));
  }

  /** What scripts of a browser origin may read, exposed on every MCP answer. */
  private static final String EXPOSED = "WWW-Authenticate, DPoP-Nonce, Mcp-Session-Id";

  /**
   * The CORS headers of an answer to a request from an allowed browser origin (none for requests
   * without {@code Origin}, for a refused origin, and for a preflight, which has its own): like the
   * preflight, {@code *}, since bearer tokens are never sent by a browser on its own, and the
   * origin check already refused every other origin.
   */
  Map<String, String> corsHeaders(RequestHeaders headers) {
    List<String> origin = headers.values("Origin");
    if (origin.size() != 1 || !originAllowed(origin.get(0)) || CorsPreflight.is(headers)) {
      return Map.of();
    }
    Map<String, String> cors = new java.util.LinkedHashMap<>();
    cors.put("Access-Control-Allow-Origin", "*");
    cors.put("Access-Control-Expose-Headers", EXPOSED);
    return cors;
  }

  /** A refusal to an allowed browser origin, readable by its scripts (the challenge included). */
  private McpGate.Decision withCors(RequestHeaders headers, McpGate.Decision decision) {
    if (!(decision instanceof McpGate.Decision.Respond respond)) {
      return decision;
    }
    Map<String, String> cors = corsHeaders(headers);
    if (cors.isEmpty() || respond.headers().containsKey("Access-Control-Allow-Origin")) {
      return decision;
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(respond.headers());
    all.putAll(cors);
    return new McpGate.Decision.Respond(respond.status(), all, respond.body(), respond.reason());
  }

  void sessionStarted(String sessionId, AuthInfo creator) {
    Objects.requireNonNull(creator, "creator");
    if (sessions.isEmpty() || sessionId == null || sessionId.isEmpty()) {
      return;
    }
    try {
      sessions
          .get()
          .bindIfAbsent(
              sessionKey(sessionId),
              owner(creator),
              clock.instant().plus(McpGate.SESSION_BINDING_TTL));
    } catch (RuntimeException e) {
      outages.warn(
          "could not bind MCP session to its creator ({}); the session will be refused",
          e.getClass().getSimpleName());
    }
  }

  void sessionEnded(String sessionId) {
    if (sessions.isPresent() && sessionId != null) {
      try {
        sessions.get().remove(sessionKey(sessionId));
      } catch (RuntimeException e) {
        LOG.debug("session store unavailable: {}", e.getClass().getSimpleName());
      }
    }
  }
}
