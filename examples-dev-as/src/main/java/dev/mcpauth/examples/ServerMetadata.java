package dev.mcpauth.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;

/**
 * The discovery documents (OpenID Connect Discovery and RFC 8414 under the issuer), as
 * mock-oauth2-server writes them plus what this server adds: the registration endpoint (RFC 7591),
 * client-id metadata documents, S256 PKCE only, the grants and client authentication methods it
 * takes, and RFC 9207 {@code iss} in authorization responses.
 */
final class ServerMetadata implements Route {
  private static final String FORWARDED = "X-Dev-Metadata";
  private final String marker;
  private final HttpClient http = HttpClient.newHttpClient();

  ServerMetadata(String marker) {
    this.marker = marker;
  }

  @Override
  public boolean match(OAuth2HttpRequest request) {
    String path = request.getUrl().encodedPath();
    String base = "/" + DevAuthorizationServer.ISSUER_ID + "/.well-known/";
    return request.getMethod().equals("GET")
        && (path.equals(base + "openid-configuration")
            || path.equals(base + "oauth-authorization-server"))
        && !marker.equals(request.getHeaders().get(FORWARDED));
  }

  @Override
  public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(request.getUrl().uri())
                  .header(FORWARDED, marker)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        return OAuthProblem.json(answer.statusCode(), answer.body());
      }
      JsonObject metadata = JsonParser.parseString(answer.body()).getAsJsonObject();
      String issuer = metadata.get("issuer").getAsString();
      metadata.addProperty("registration_endpoint", issuer + "/register");
      metadata.addProperty("client_id_metadata_document_supported", true);
      metadata.add("code_challenge_methods_supported", array(List.of("S256")));
      metadata.add(
          "grant_types_supported",
          array(
              List.of(
                  "authorization_code",
                  "refresh_token",
                  "client_credentials",
                  "password",
                  "urn:ietf:params:oauth:grant-type:jwt-bearer",
                  "urn:ietf:params:oauth:grant-type:token-exchange")));
      metadata.add(
          "token_endpoint_auth_methods_supported",
          array(List.of("client_secret_basic", "client_secret_post", "none")));
      metadata.addProperty("authorization_response_iss_parameter_supported", true);
      return OAuthProblem.json(200, metadata.toString());
    } catch (IOException | JsonParseException | IllegalStateException e) {
      return OAuthProblem.json(500, "{\"error\":\"server_error\"}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OAuthProblem.json(500, "{\"error\":\"server_error\"}");
    }
  }

  private static JsonArray array(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }
}
