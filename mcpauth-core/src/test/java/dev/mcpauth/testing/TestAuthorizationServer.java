package dev.mcpauth.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import no.nav.security.mock.oauth2.token.RequestMapping;
import no.nav.security.mock.oauth2.token.RequestMappingTokenCallback;

/**
 * A real authorization server for the tests (mock-oauth2-server on loopback): client-credentials
 * tokens whose {@code aud} is the configured resource and whose scope is the requested one (one of
 * the configured scope sets).
 */
public final class TestAuthorizationServer implements AutoCloseable {
  private final MockOAuth2Server server;
  private final HttpClient http = HttpClient.newHttpClient();

  public TestAuthorizationServer(String resource, List<String> scopeSets) {
    List<RequestMapping> mappings = new java.util.ArrayList<>();
    for (String scopes : scopeSets) {
      mappings.add(
          new RequestMapping(
              "scope",
              scopes,
              Map.of(
                  "aud",
                  List.of(resource),
                  "scope",
                  scopes,
                  "sub",
                  "${clientId}",
                  "client_id",
                  "${clientId}"),
              "at+jwt"));
    }
    server =
        new MockOAuth2Server(
            new OAuth2Config(
                false,
                null,
                null,
                false,
                new OAuth2TokenProvider(),
                Set.<OAuth2TokenCallback>of(
                    new RequestMappingTokenCallback("default", mappings, 300L))));
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String issuer() {
    return server.issuerUrl("default").toString();
  }

  /** Discovery the way an MCP client does it, then a client-credentials token for the resource. */
  public String token(String metadataUrl, String clientId, String scope) {
    JsonObject prm = getJson(metadataUrl);
    String as = prm.getAsJsonArray("authorization_servers").get(0).getAsString();
    JsonObject asMetadata = getJson(as + "/.well-known/openid-configuration");
    String form =
        "grant_type=client_credentials&scope="
            + URLEncoder.encode(scope, StandardCharsets.UTF_8)
            + "&resource="
            + URLEncoder.encode(prm.get("resource").getAsString(), StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(asMetadata.get("token_endpoint").getAsString()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((clientId + ":secret").getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return send(request).get("access_token").getAsString();
  }

  public JsonObject getJson(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  private JsonObject send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return JsonParser.parseString(response.body()).getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
