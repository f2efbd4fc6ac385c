package dev.mcpauth.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;

/**
 * The dynamic client registration endpoint (RFC 7591 §3): any client may register (no initial
 * access token), and gets 201 with its client information, or 400 with {@code
 * invalid_client_metadata} / {@code invalid_redirect_uri} saying what to fix.
 */
final class RegistrationEndpoint implements Route {
  /** The largest registration request read: 64 KB. */
  static final int MAX_BYTES = 64 * 1024;

  private final ClientRegistry clients;

  RegistrationEndpoint(ClientRegistry clients) {
    this.clients = clients;
  }

  @Override
  public boolean match(OAuth2HttpRequest request) {
    return request.getMethod().equals("POST")
        && request
            .getUrl()
            .encodedPath()
            .equals("/" + DevAuthorizationServer.ISSUER_ID + "/register");
  }

  @Override
  public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
    String body = request.getBody() == null ? "" : request.getBody();
    try {
      if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
        throw new OAuthProblem(
            400, "invalid_client_metadata", "the registration request is larger than 64 KB");
      }
      JsonElement metadata;
      try {
        metadata = JsonParser.parseString(body);
      } catch (JsonParseException e) {
        throw new OAuthProblem(400, "invalid_client_metadata", "the body is not JSON");
      }
      if (!metadata.isJsonObject()) {
        throw new OAuthProblem(400, "invalid_client_metadata", "the body is not a JSON object");
      }
      return OAuthProblem.json(201, clients.register(metadata.getAsJsonObject()).toString());
    } catch (OAuthProblem problem) {
      return problem.response();
    }
  }
}
