package dev.mcpauth;

import java.util.Optional;

/**
 * The kinds of denial, each with its HTTP status and RFC 6750 §3.1 error code (when it has one).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>
 */
public enum AuthError {
  /** No credentials were presented: 401, and the challenge carries no {@code error} (RFC 6750 §3.1). */
  MISSING_CREDENTIALS(401, null),
  /** Ambiguous credentials (two headers, several comma-joined credentials): 400 {@code invalid_request}. */
  INVALID_REQUEST(400, "invalid_request"),
  /** The token is malformed, expired, for someone else, or otherwise invalid: 401 {@code invalid_token}. */
  INVALID_TOKEN(401, "invalid_token"),
  /** The token is valid but lacks a scope the operation needs: 403 {@code insufficient_scope}. */
  INSUFFICIENT_SCOPE(403, "insufficient_scope"),
  /**
   * The authorization server or its keys are unreachable and no usable key is cached: 503 with
   * {@code Retry-After}, never 401, which would make clients throw away good tokens.
   */
  TEMPORARILY_UNAVAILABLE(503, null);

  private final int status;
  private final String code;

  AuthError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  /** The RFC 6750 {@code error} value; empty for missing credentials and outages. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }
}
