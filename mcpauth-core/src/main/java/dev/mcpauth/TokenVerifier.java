package dev.mcpauth;

/**
 * Turns an access token into the caller's identity: the seam for custom verification (opaque tokens
 * checked at a userinfo or introspection endpoint, tokens of a proprietary format).
 *
 * <p>Whatever a custom verifier returns, {@link BearerAuth} still checks that the issuer is one of the
 * resource's trusted authorization servers, that the audience names the resource, that the token has
 * not expired, and that the required scopes are granted. A verifier must not throw for a bad token:
 * return {@link TokenVerification.Rejected}. A verifier that throws anyway is treated as an outage
 * (503), never as a 500 and never as an invalid token.
 *
 * <p>Implementations must be thread-safe: one instance serves concurrent requests.
 */
@FunctionalInterface
public interface TokenVerifier {

  /**
   * Verifies a token.
   *
   * @param token the token exactly as presented (already checked to be token68)
   * @return the identity, a rejection, or an outage
   */
  TokenVerification verify(String token);
}
