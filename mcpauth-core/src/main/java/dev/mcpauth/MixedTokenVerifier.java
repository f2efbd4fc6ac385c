package dev.mcpauth;

import java.util.Optional;

/**
 * Mixed JWT/opaque mode, as an ordinary {@link TokenVerifier}: a token shaped like a compact JWS
 * goes to the JWT verifier, anything else to the opaque-token verifier (introspection). Nothing
 * else differs: the pipeline around it (claims policy, binding, scopes) is the same for both.
 */
final class MixedTokenVerifier implements TokenVerifier {
  private final TokenVerifier jwt;
  private final TokenVerifier opaque;

  MixedTokenVerifier(TokenVerifier jwt, TokenVerifier opaque) {
    this.jwt = jwt;
    this.opaque = opaque;
  }

  @Override
  public TokenVerifier.Result verify(String token) {
    return (CompactJws.looksLikeJws(token) ? jwt : opaque).verify(token);
  }

  @Override
  public Optional<TokenVerifier.Result> verifyNonBlocking(String token) {
    return (CompactJws.looksLikeJws(token) ? jwt : opaque).verifyNonBlocking(token);
  }
}
