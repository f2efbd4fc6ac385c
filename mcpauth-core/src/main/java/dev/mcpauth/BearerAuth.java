package dev.mcpauth;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Protects one route: the resource's verification pipeline plus the scopes this route requires.
 * Made by {@link McpAuth#bearerAuth(String...)}; immutable and thread-safe: build one per protected
 * route at startup and share it. Two routes of one resource share one token verification (and one
 * verified-token cache), so a token is never verified twice.
 *
 * <p>Order of checks (one forward pass): credentials (the {@code Authorization} header only, and
 * the {@code DPoP} proof when DPoP is on) → the resource's token check ({@link TokenVerifier}:
 * built-in JWT, introspection, mixed or yours) → the resource's claims policy (issuer, expiry,
 * audience, subject, {@link ClaimValidator}s) → proof-of-possession binding → scopes → recording
 * the proof's {@code jti}. Authentication comes before authorization: an invalid token lacking a
 * scope gets 401, not 403. Neither method throws for any input.
 */
public final class BearerAuth {
  private final ResourceGuard guard;
  private final List<String> requiredScopes;

  BearerAuth(ResourceGuard guard, List<String> requiredScopes) {
    this.guard = guard;
    this.requiredScopes = requiredScopes;
  }

  /**
   * Verifies a request against the route's required scopes; may block; never {@link
   * AuthResult.Pending}.
   */
  public AuthResult verify(RequestHeaders headers) {
    return verify(headers, List.of());
  }

  /**
   * Verifies a request that needs {@code operationScopes} on top of the route's required scopes
   * (for example a tool's own scopes). A 403 names all of them at once, so a client can step up in
   * one round trip (MCP 2025-11-25). May block (key fetches, introspection); never {@link
   * AuthResult.Pending}.
   */
  public AuthResult verify(RequestHeaders headers, Collection<String> operationScopes) {
    return guard.decide(headers, guard.neededScopes(requiredScopes, operationScopes), true);
  }

  /**
   * Decides without blocking, for event-loop threads (Undertow's I/O threads, Netty, Vert.x): the
   * same decision as {@link #verify(RequestHeaders, Collection)}, or {@link AuthResult.Pending}
   * when it needs a key or metadata fetch or a verifier that may block. CPU work, the signature
   * check included, still happens here. Finish a Pending with {@link AuthResult.Pending#await()} on
   * a worker thread, or {@link AuthResult.Pending#resumeAsync}: the decision continues; nothing is
   * checked or consumed twice.
   */
  public AuthResult verifyNonBlocking(RequestHeaders headers, Collection<String> operationScopes) {
    return guard.decide(headers, guard.neededScopes(requiredScopes, operationScopes), false);
  }

  /** Same as {@link #verifyNonBlocking(RequestHeaders, Collection)} with no operation scopes. */
  public AuthResult verifyNonBlocking(RequestHeaders headers) {
    return verifyNonBlocking(headers, List.of());
  }

  /** The resource identifier this route belongs to. */
  public String resource() {
    return guard.resource().value();
  }

  /** The absolute Protected Resource Metadata URL its challenges advertise. */
  public String resourceMetadataUrl() {
    return guard.resource().metadataUrl();
  }

  /** The scopes every request to this route must carry. */
  public List<String> requiredScopes() {
    return requiredScopes;
  }

  /**
   * Whether {@code info} holds every one of {@code scopes}, with the resource's scope hierarchy
   * applied.
   */
  public boolean grants(AuthInfo info, Collection<String> scopes) {
    return guard.grants(info, scopes);
  }

  /**
   * The answer to a CORS preflight of this route, or empty when the request is not one. Browsers
   * send preflights ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
   * without credentials, so they must not be challenged; and they carry no operation, so they must
   * never reach the protected handler either. Adapters write this answer and stop. The answer
   * allows any origin: bearer tokens are never sent automatically by a browser, so CORS adds no
   * protection to them.
   */
  public Optional<HttpResponse> preflight(RequestHeaders headers) {
    if (!CorsPreflight.is(headers)) {
      return Optional.empty();
    }
    return Optional.of(
        CorsPreflight.answer(
            "GET, HEAD, POST, PUT, PATCH, DELETE",
            "Authorization, Content-Type, DPoP",
            "WWW-Authenticate, DPoP-Nonce"));
  }

  /**
   * Whether a request is a CORS preflight ({@code OPTIONS} with {@code Origin} and {@code
   * Access-Control-Request-Method}). False when the adapter did not supply the method.
   */
  static boolean isCorsPreflight(RequestHeaders headers) {
    return CorsPreflight.is(headers);
  }

  ResourceGuard guard() {
    return guard;
  }
}
