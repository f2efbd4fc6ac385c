package dev.mcpauth;

/**
 * Stable codes of configuration and discovery failures, spelled as the npm and Python peers spell them
 * so that their documentation translates one to one.
 */
public enum ConfigErrorCode {
  /** The configuration does not describe a usable protected resource or authorization server. */
  INVALID_SERVER_CONFIG("invalid_server_config"),
  /** Authorization server metadata is malformed (not an object, a required member missing, wrong type). */
  INVALID_SERVER_METADATA("invalid_server_metadata"),
  /** The authorization server metadata could not be fetched (network, status, size, timeout). */
  FETCH_SERVER_CONFIG_ERROR("fetch_server_config_error"),
  /** The authorization server publishes no {@code jwks_uri}, so JWTs from it cannot be verified. */
  MISSING_JWKS_URI("missing_jwks_uri"),
  /**
   * The fetched metadata names another issuer than the one requested (RFC 8414 §3.3, OIDC Discovery
   * §4.3): the document must not be used.
   */
  ISSUER_MISMATCH("issuer_mismatch"),
  /** A URL the library would send credentials to is neither https nor http on a loopback host. */
  INSECURE_URL("insecure_url");

  private final String code;

  ConfigErrorCode(String code) {
    this.code = code;
  }

  /** The snake_case code, e.g. {@code invalid_server_config}. */
  public String code() {
    return code;
  }
}
