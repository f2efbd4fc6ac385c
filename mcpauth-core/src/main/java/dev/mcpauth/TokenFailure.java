package dev.mcpauth;

/**
 * Why a presented token was refused with 401 {@code invalid_token}. Each reason has a fixed
 * description in the RFC 6750 {@code error_description} character set: nothing from the token is ever
 * echoed. Details such as expected and actual values reach the JSON body only with
 * {@link BearerAuthConfig.Builder#showErrorDetails(boolean)}.
 */
public enum TokenFailure {
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
  /** A JOSE header this resource never accepts ({@code crit}, {@code b64}, {@code zip}, nested JWT). */
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
  /** The token is bound to a key ({@code cnf}) that a Bearer request cannot prove (RFC 9449 §7.2). */
  UNVERIFIABLE_BINDING("The access token is bound to a key and cannot be used as a Bearer token."),
  /** A Bearer token where this resource accepts DPoP-bound tokens only. */
  DPOP_REQUIRED("This resource accepts DPoP-bound access tokens only."),
  /** A custom verifier reported the token as not active (revoked, unknown, expired at the server). */
  INACTIVE("The access token is not active."),
  /** A custom verifier refused the token for a reason of its own. */
  REJECTED("The access token was rejected.");

  private final String description;

  TokenFailure(String description) {
    this.description = description;
  }

  /** The fixed, client-safe description used in {@code error_description}. */
  public String description() {
    return description;
  }
}
