package dev.mcpauth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision for one request: {@link Authorized} with the caller's identity, or {@link Denied} with
 * the complete response to send. An adapter writes a {@code Denied} verbatim (status, every header,
 * body) and decides nothing itself.
 */
public sealed interface AuthResult permits AuthResult.Authorized, AuthResult.Denied {

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
   * @param error the kind of denial
   * @param status the HTTP status (400, 401, 403 or 503)
   * @param wwwAuthenticate the exact {@code WWW-Authenticate} value; empty for 503
   * @param body the JSON body ({@code {"error": ..., "error_description": ...}})
   * @param headers every header to write, in order: {@code WWW-Authenticate} (when present),
   *     {@code Content-Type}, {@code Cache-Control}, {@code Access-Control-Expose-Headers} and, for
   *     503, {@code Retry-After}
   */
  record Denied(AuthError error, int status, Optional<String> wwwAuthenticate, String body,
      Map<String, String> headers) implements AuthResult {
    /** Copies the headers so the value is immutable. */
    public Denied {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
      Objects.requireNonNull(body, "body");
      headers = OrderedHeaders.copyOf(headers);
    }
  }
}
