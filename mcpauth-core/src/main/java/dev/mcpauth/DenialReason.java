package dev.mcpauth;

/**
 * Why a request was refused: the typed reason behind every {@link AuthResult.Denied}, for logging
 * and counting refusals without parsing responses. Each reason has a fixed, client-safe description
 * in the RFC 6750 {@code error_description} character set: nothing from the token is ever echoed.
 * Details such as expected and actual values reach the JSON body only with {@link
 * TokenPolicy.Builder#showErrorDetails(boolean)}. Custom {@link TokenVerifier}s refuse tokens with
 * one of the token reasons ({@link #INACTIVE}, {@link #REJECTED}, {@link #EXPIRED}, ...).
 */
public enum DenialReason {
  /** No credentials were presented (401 without {@code error}). */
  MISSING_CREDENTIALS("Authentication required: send an access token."),
  /** Credentials presented more than once or in several ways (400 {@code invalid_request}). */
  AMBIGUOUS_CREDENTIALS("The request carries more than one credential."),
  /** The Authorization header claims Bearer but is not {@code Bearer 1*SP token68}. */
  MALFORMED_HEADER("The Authorization header is not a valid Bearer credential."),
  /** The Authorization header is longer than the configured cap. */
  HEADER_TOO_LONG("The Authorization header is too long."),
  /** Not a compact JWS of three strict base64url parts with JSON object header and claims. */
  MALFORMED_TOKEN("The access token is malformed."),
  /** The {@code alg} header is absent or not on the allow-list. */
  UNSUPPORTED_ALGORITHM("The token is signed with an algorithm that is not accepted."),
  /** The {@code typ} header names another kind of JWT than an access token. */
  UNSUPPORTED_TOKEN_TYPE("The token is not an access token."),
  /**
   * A JOSE header this resource never accepts ({@code crit}, {@code b64}, {@code zip}, nested JWT).
   */
  UNSUPPORTED_HEADER("The token uses an unsupported JOSE header."),
  /** {@code iss} is absent or not one of the resource's trusted authorization servers. */
  UNTRUSTED_ISSUER("The token was not issued by a trusted authorization server."),
  /** A required claim is absent, or a claim has the wrong JSON type. */
  INVALID_CLAIM("A required claim is missing or malformed."),
  /** {@code exp} has passed (beyond the allowed clock skew). */
  EXPIRED("The access token has expired."),
  /** {@code nbf} is in the future (beyond the allowed clock skew). */
  NOT_YET_VALID("The access token is not valid yet."),
  /** {@code iat} is in the future (beyond the allowed clock skew). */
  ISSUED_IN_FUTURE("The access token was issued in the future."),
  /** {@code aud} does not name this resource (RFC 8707, MCP "Token Audience Binding"). */
  AUDIENCE_MISMATCH("The access token was not issued for this resource."),
  /** No key of the issuer fits the token's {@code kid}, {@code alg} and key type. */
  NO_MATCHING_KEY("No trusted key matches the access token."),
  /** The signature does not verify. */
  INVALID_SIGNATURE("The access token signature is invalid."),
  /** A Bearer token where this resource accepts DPoP-bound tokens only. */
  DPOP_REQUIRED("This resource accepts DPoP-bound access tokens only."),
  /**
   * A custom verifier reported the token as not active (revoked, unknown, expired at the server).
   */
  INACTIVE("The access token is not active."),
  /** A custom verifier refused the token for a reason of its own. */
  REJECTED("The access token was rejected."),
  /** A DPoP-bound token presented without the DPoP scheme and a proof (RFC 9449 §7.2). */
  BOUND_TOKEN_WITHOUT_PROOF(
      "The access token is bound to a key and must be presented with a DPoP proof."),
  /** The token is bound to another key than the DPoP proof's, or uses an unsupported binding. */
  BINDING_MISMATCH("The access token is not bound to the DPoP proof's key."),
  /** The DPoP scheme was used with a token that is not bound to a key. */
  TOKEN_NOT_BOUND("The access token is not DPoP-bound."),
  /**
   * The DPoP proof is missing, malformed or does not fit the request (401 {@code
   * invalid_dpop_proof}).
   */
  INVALID_DPOP_PROOF("The DPoP proof is invalid."),
  /** The DPoP proof's {@code jti} was used before (401 {@code invalid_dpop_proof}). */
  DPOP_PROOF_REPLAYED("The DPoP proof was used before."),
  /** A server nonce is needed in the DPoP proof (401 {@code use_dpop_nonce}). */
  DPOP_NONCE_REQUIRED("A DPoP nonce is required."),
  /** The token is valid but lacks a scope the operation needs (403 {@code insufficient_scope}). */
  INSUFFICIENT_SCOPE("The access token lacks a scope this operation requires."),
  /**
   * The user's authentication is too weak ({@code acr}) or too old ({@code auth_time}) for this
   * operation (RFC 9470).
   */
  INSUFFICIENT_USER_AUTHENTICATION("A different or more recent authentication is required."),
  /** A claim rule of this operation is not met (roles, groups, client). */
  CLAIM_RULE_FAILED("The caller is not allowed to perform this operation."),
  /** A per-request scope rule could not decide (it failed); refused rather than allowed. */
  SCOPE_RULE_FAILED("The server could not decide whether this operation is allowed."),
  /** A value the request's scopes are built from (argument, template variable) is unusable. */
  UNRESOLVABLE_SCOPE("A value this request needs to be authorized is missing or invalid."),
  /** The token was issued to a client this resource does not accept. */
  CLIENT_NOT_ALLOWED("The access token was issued to a client this resource does not accept."),
  /** The MCP session belongs to another caller (403, no step-up). */
  SESSION_FORBIDDEN("This MCP session belongs to another user."),
  /** The MCP session is unknown: ended, expired, or never created for this resource (404). */
  SESSION_NOT_FOUND("Session not found."),
  /** The request's {@code Origin} is not allowed (403, DNS-rebinding protection). */
  ORIGIN_FORBIDDEN("The request origin is not allowed."),
  /** {@code Mcp-Method}/{@code Mcp-Name} disagree with the body (400 JSON-RPC HeaderMismatch). */
  HEADER_MISMATCH("The MCP request headers do not match the body."),
  /** The MCP request body is not a readable JSON-RPC message (400 JSON-RPC parse error). */
  INVALID_BODY("The request body is not a valid JSON-RPC message."),
  /** The MCP request body is larger than allowed (413). */
  PAYLOAD_TOO_LARGE("The request body is too large."),
  /** The MCP request body declares a charset other than UTF-8 (415). */
  UNSUPPORTED_MEDIA_TYPE("The request body must be UTF-8 JSON."),
  /** The {@code MCP-Protocol-Version} header names a version this server does not support (400). */
  UNSUPPORTED_PROTOCOL_VERSION("Unsupported MCP-Protocol-Version."),
  /**
   * Something the decision needs (keys, metadata, introspection, a store) is unreachable (503). The
   * {@code error_description} is this description, except when the DPoP replay store is the one
   * unavailable: then it names that store and asks for a new DPoP proof.
   */
  UNAVAILABLE("The authorization server is unreachable; retry later."),
  /**
   * The resource server is misconfigured and cannot check tokens: 500 without {@code Retry-After}
   * (for example discovery of the wrong convention: the authorization server does not serve that
   * well-known URL). The fix is named in the log.
   */
  MISCONFIGURED(
      "The resource server cannot check tokens: its authorization server configuration is wrong.");

  private final String description;

  DenialReason(String description) {
    this.description = description;
  }

  /** The fixed, client-safe description used in {@code error_description}. */
  public String description() {
    return description;
  }
}
