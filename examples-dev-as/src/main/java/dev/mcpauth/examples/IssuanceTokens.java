package dev.mcpauth.examples;

import com.nimbusds.oauth2.sdk.TokenRequest;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * mock-oauth2-server's view of one {@link Issuance}: lets its token provider sign the tokens this
 * server issues itself (authorization code and refresh grants) with the key its JWKS publishes.
 */
final class IssuanceTokens implements OAuth2TokenCallback {
  /** Seconds an access token lives. */
  static final long LIFETIME_SECONDS = 3600;

  private final Issuance issuance;
  private final String typ;

  IssuanceTokens(Issuance issuance, String typ) {
    this.issuance = issuance;
    this.typ = typ;
  }

  @Override
  public String issuerId() {
    return DevAuthorizationServer.ISSUER_ID;
  }

  @Override
  public String subject(TokenRequest request) {
    return issuance.subject();
  }

  @Override
  public String typeHeader(TokenRequest request) {
    return typ;
  }

  @Override
  public List<String> audience(TokenRequest request) {
    return issuance.audience();
  }

  @Override
  public Map<String, Object> addClaims(TokenRequest request) {
    return issuance.claims();
  }

  @Override
  public long tokenExpiry() {
    return LIFETIME_SECONDS;
  }
}
