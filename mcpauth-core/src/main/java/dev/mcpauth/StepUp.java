package dev.mcpauth;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A step-up asked for during a call: a handler that learns mid-call that it needs more (a
 * downstream API refused, the data turned out to be private) records the scopes here, and the
 * adapter answers 403 {@code insufficient_scope} naming every scope the request needs, exactly like
 * the gate's challenge before the call, when the HTTP response has not started (JSON responses; an
 * SSE stream before its first event). Once streaming has started the handler's error is all the
 * client gets: a JSON-RPC error with code {@link McpGate#FORBIDDEN_CODE}, message {@link
 * #errorMessage()} and data {@link #errorData()} ({@code error}, {@code scope}, {@code
 * resource_metadata}, the challenge's own parameters), from which a client can step up the same
 * way.
 *
 * <p>One per forwarded request ({@link McpGate#stepUp}); adapters put it under {@link #KEY} in the
 * request's attributes and the MCP transport context. Thread-safe.
 */
public final class StepUp {
  /** Where adapters put the request's {@link StepUp} (request attribute, transport context). */
  public static final String KEY = "dev.mcpauth.StepUp";

  private final ResourceGuard guard;
  private final AuthInfo caller;
  private final List<String> needed;
  private final Set<String> requested = new LinkedHashSet<>();

  StepUp(ResourceGuard guard, McpGate.Decision.Forward forwarded) {
    this.guard = guard;
    this.caller = forwarded.authInfo();
    this.needed = forwarded.scopes();
  }

  /** The caller of the request. */
  public AuthInfo caller() {
    return caller;
  }

  /**
   * Asks for {@code scopes} on top of what the request needed. Returns {@code false}, and records
   * nothing, when the caller's token grants all of them already (scope hierarchy applied), so a
   * handler may call it unconditionally; returns {@code true} when the handler must stop and fail
   * the call (the adapter then answers with {@link #challenge()}).
   *
   * @throws IllegalArgumentException when a scope is not an RFC 6750 scope token
   */
  public boolean require(Collection<String> scopes) {
    scopes.forEach(BearerAuthConfig::checkScopeToken);
    if (guard.grants(caller, scopes)) {
      return false;
    }
    synchronized (requested) {
      requested.addAll(scopes);
    }
    return true;
  }

  /** Same as {@link #require(Collection)}. */
  public boolean require(String... scopes) {
    return require(List.of(scopes));
  }

  /** Whether a step-up was asked for. */
  public boolean isRequested() {
    synchronized (requested) {
      return !requested.isEmpty();
    }
  }

  /** Every scope the request needs: what the gate required, then what the handler asked. */
  public List<String> scopes() {
    Set<String> all = new LinkedHashSet<>(needed);
    synchronized (requested) {
      all.addAll(requested);
    }
    return List.copyOf(all);
  }

  /**
   * The 403 {@code insufficient_scope} to answer with in place of the handler's response, naming
   * every scope the request needs; empty when no step-up was asked for.
   */
  public Optional<HttpResponse> challenge() {
    if (!isRequested()) {
      return Optional.empty();
    }
    List<String> all = scopes();
    List<String> missing = all.stream().filter(s -> !guard.grants(caller, List.of(s))).toList();
    BearerChallenge.Scheme scheme =
        caller.confirmation().map(cnf -> cnf.get("jkt")).isPresent()
            ? BearerChallenge.Scheme.DPOP
            : BearerChallenge.Scheme.BEARER;
    AuthResult.Denied denied = guard.challenge().insufficientScope(scheme, all, missing);
    return Optional.of(new HttpResponse(denied.status(), denied.headers(), denied.body()));
  }

  /** The JSON-RPC error message of a step-up answered inside a stream. */
  public String errorMessage() {
    return "Insufficient scope: this operation needs " + String.join(" ", scopes());
  }

  /**
   * The JSON-RPC error data of a step-up answered inside a stream: {@code error} ({@code
   * insufficient_scope}), {@code scope} (every scope the request needs, space-separated) and {@code
   * resource_metadata} (the RFC 9728 metadata URL).
   */
  public Map<String, Object> errorData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("error", "insufficient_scope");
    data.put("scope", String.join(" ", scopes()));
    data.put("resource_metadata", guard.challenge().resourceMetadataUrl());
    return java.util.Collections.unmodifiableMap(data);
  }

  @Override
  public String toString() {
    return "StepUp{requested=" + isRequested() + "}";
  }
}
