package dev.mcpauth;

import java.util.Optional;

/**
 * The kinds of denial, each with its HTTP status and RFC 6750 §3.1 error code (when it has one).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>
 */
enum AuthError {
  /**
   * No credentials were presented: 401, and the challenge carries no {@code error} (RFC 6750 §3.1).
   */
  MISSING_CREDENTIALS(401, null),
  /**
   * Ambiguous credentials (two headers, several comma-joined credentials): 400 {@code
   * invalid_request}.
   */
  INVALID_REQUEST(400, "invalid_request"),
  /**
   * The token is malformed, expired, for someone else, or otherwise invalid: 401 {@code
   * invalid_token}.
   */
  INVALID_TOKEN(401, "invalid_token"),
  /** The token is valid but lacks a scope the operation needs: 403 {@code insufficient_scope}. */
  INSUFFICIENT_SCOPE(403, "insufficient_scope"),
  /** The user must authenticate again, more strongly or more recently (RFC 9470): 401. */
  INSUFFICIENT_USER_AUTHENTICATION(401, "insufficient_user_authentication"),
  /**
   * The token is valid and its scopes suffice, but another rule forbids the request (an MCP session
   * created by someone else): 403 without {@code insufficient_scope}, so clients do not loop on
   * step-up.
   */
  FORBIDDEN(403, null),
  /**
   * An MCP request whose {@code Mcp-Method}/{@code Mcp-Name} headers disagree with its body: 400.
   */
  HEADER_MISMATCH(400, null),
  /**
   * An MCP request body that is not readable JSON (fails closed rather than skip scope checks):
   * 400.
   */
  INVALID_BODY(400, null),
  /** An MCP session that is not known (ended, expired or never created here): 404. */
  NOT_FOUND(404, null),
  /** An MCP request body in another charset than UTF-8: 415. */
  UNSUPPORTED_MEDIA_TYPE(415, null),
  /** An MCP request body larger than the configured cap: 413. */
  PAYLOAD_TOO_LARGE(413, null),
  /**
   * The authorization server or its keys are unreachable and no usable key is cached: 503 with
   * {@code Retry-After}, never 401, which would make clients throw away good tokens.
   */
  TEMPORARILY_UNAVAILABLE(503, null),
  /**
   * The resource server's own configuration cannot verify tokens (for example discovery with the
   * wrong convention: the well-known URL answers 404): 500 without {@code Retry-After}, since
   * retrying will not help until the configuration changes, and without a challenge, since no other
   * token would do better.
   */
  SERVER_MISCONFIGURED(500, null);

  private final int status;
  private final String code;

  AuthError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  /** The HTTP status to answer with. */
  int status() {
    return status;
  }

  /** The RFC 6750 {@code error} value; empty for missing credentials and outages. */
  Optional<String> code() {
    return Optional.ofNullable(code);
  }
}
