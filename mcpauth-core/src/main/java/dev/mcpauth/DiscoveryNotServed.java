package dev.mcpauth;

import java.util.Optional;

/**
 * The cause of a discovery failure that is a configuration error rather than an outage: the
 * well-known URL of the chosen convention answered 404, 405 or 410. Retrying will not help until
 * the configuration (or the authorization server) changes. Carries what the other convention's URL
 * serves, so the fix can be named.
 */
final class DiscoveryNotServed extends Exception {
  private static final long serialVersionUID = 1L;

  private final String issuer;
  private final AuthServerConfig.Type type;
  private final String url;
  private final int status;
  private final transient Optional<AuthServerConfig.Type> servedType;

  DiscoveryNotServed(
      String issuer,
      AuthServerConfig.Type type,
      String url,
      int status,
      Optional<AuthServerConfig.Type> servedType) {
    super("GET " + url + " answered HTTP " + status, null, false, false);
    this.issuer = issuer;
    this.type = type;
    this.url = url;
    this.status = status;
    this.servedType = servedType;
  }

  /**
   * Statuses that say "no such document here" (RFC 9110 §15.5.5, §15.5.6, §15.5.11), not "try
   * later".
   */
  static boolean isNotServedStatus(int status) {
    return status == 404 || status == 405 || status == 410;
  }

  /**
   * The sentence naming the fix when {@code served}'s URL {@code url} serves the issuer's metadata.
   */
  static String fix(AuthServerConfig.Type served, String url) {
    return served == AuthServerConfig.Type.OIDC
        ? "this issuer serves OpenID discovery (" + url + "): use type oidc or auto"
        : "this issuer serves OAuth 2.0 authorization server metadata (RFC 8414, "
            + url
            + "): use type oauth or auto";
  }

  /** The configured issuer. */
  String issuer() {
    return issuer;
  }

  /** The configured convention. */
  AuthServerConfig.Type type() {
    return type;
  }

  /** The well-known URL that was not served. */
  String url() {
    return url;
  }

  /** Its HTTP status. */
  int status() {
    return status;
  }

  /** The other convention, when its URL serves this issuer's metadata. */
  Optional<AuthServerConfig.Type> servedType() {
    return servedType;
  }
}
