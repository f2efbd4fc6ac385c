package dev.mcpauth;

/**
 * The discovery convention an authorization server follows.
 *
 * <p>The two conventions differ in where the well-known document lives for an issuer that has a
 * path: RFC 8414 inserts {@code /.well-known/oauth-authorization-server} between host and path,
 * OpenID Connect Discovery 1.0 appends {@code /.well-known/openid-configuration} to the issuer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8414#section-3">RFC 8414 §3</a>
 * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig">OIDC
 *     Discovery §4</a>
 */
public enum AuthServerType {
  /** OAuth 2.0 Authorization Server Metadata (RFC 8414). */
  OAUTH("oauth"),
  /** OpenID Connect Discovery 1.0. */
  OIDC("oidc");

  private final String wireName;

  AuthServerType(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name the npm and Python peers use ({@code "oauth"} or {@code "oidc"}). */
  public String wireName() {
    return wireName;
  }
}
