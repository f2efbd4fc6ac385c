package dev.mcpauth.examples;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;

/**
 * Answers 404 outside its own issuer's paths: another path is not an issuer here. A CORS preflight
 * is left to mock-oauth2-server (204), so that a browser-based client probing another discovery URL
 * (RFC 8414's path-inserted form, say) reads a plain 404 and moves on instead of failing on CORS.
 */
final class OwnIssuerOnly implements Route {
  @Override
  public boolean match(OAuth2HttpRequest request) {
    String path = request.getUrl().encodedPath();
    return !request.getMethod().equals("OPTIONS")
        && !path.equals("/" + DevAuthorizationServer.ISSUER_ID)
        && !path.startsWith("/" + DevAuthorizationServer.ISSUER_ID + "/");
  }

  @Override
  public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
    return OAuthProblem.json(
        404,
        "{\"error\":\"not_found\",\"error_description\":\"the only issuer here is /"
            + DevAuthorizationServer.ISSUER_ID
            + "\"}");
  }
}
