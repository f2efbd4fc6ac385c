package dev.mcpauth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The decision for one request: {@link Authorized} with the caller's identity, or {@link Denied}
 * with the complete response to send. An adapter writes a {@code Denied} verbatim (status, every
 * header, body) and decides nothing itself.
 */
public sealed interface AuthResult
    permits AuthResult.Authorized, AuthResult.Denied, AuthResult.Pending {

  /** Whether the request may proceed. */
  default boolean isAuthorized() {
    return this instanceof Authorized;
  }

  /**
   * The request may proceed.
   *
   * @param authInfo who is calling
   */
  record Authorized(AuthInfo authInfo) implements AuthResult {
    /** Checks the identity is present. */
    public Authorized {
      Objects.requireNonNull(authInfo, "authInfo");
    }
  }

  /**
   * The request must be refused with this response.
   *
   * @param reason why, as a typed value (for logs and metrics; never parse the body)
   * @param status the HTTP status (400, 401, 403 or 503)
   * @param wwwAuthenticate the exact {@code WWW-Authenticate} value; empty for 503 and 500
   * @param body the JSON body ({@code {"error": ..., "error_description": ...}})
   * @param headers every header to write, in order: {@code WWW-Authenticate} (when present), {@code
   *     Content-Type}, {@code Cache-Control}, {@code Access-Control-Expose-Headers} and, for 503,
   *     {@code Retry-After}
   */
  record Denied(
      DenialReason reason,
      int status,
      Optional<String> wwwAuthenticate,
      String body,
      Map<String, String> headers)
      implements AuthResult {
    /** Copies the headers so the value is immutable. */
    public Denied {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
      Objects.requireNonNull(body, "body");
      headers = OrderedHeaders.copyOf(headers);
    }

    /** The response to write, as one value: status, every header (challenge included), body. */
    public HttpResponse response() {
      return new HttpResponse(status, headers, body);
    }
  }

  /**
   * The decision needs something that may block: signing keys or authorization server metadata must
   * be fetched, or a verifier that may block must run. Returned only by {@link
   * BearerAuth#verifyNonBlocking} (for event-loop threads); {@link #await()} or {@link
   * #resumeAsync} finishes the same decision from where it stopped (the credentials and the DPoP
   * proof are not checked again, and nothing was consumed yet).
   */
  final class Pending implements AuthResult {
    private final Supplier<AuthResult> rest;

    Pending(Supplier<AuthResult> rest) {
      this.rest = rest;
    }

    /**
     * Finishes the decision on the calling thread, which may block (a worker thread, never an event
     * loop). Never returns {@link Pending}; waits at most as long as the configured fetch timeouts.
     */
    public AuthResult await() {
      return rest.get();
    }

    /**
     * Finishes the decision on {@code executor} (for example Reactor's {@code boundedElastic}
     * scheduler), so the calling event loop never blocks.
     *
     * @return completes with the decision, never with {@link Pending} and never exceptionally
     */
    public CompletableFuture<AuthResult> resumeAsync(Executor executor) {
      return CompletableFuture.supplyAsync(rest, executor);
    }

    @Override
    public String toString() {
      return "AuthResult.Pending";
    }
  }
}
