package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client ID metadata documents: a client id that is a URL is fetched (here from a loopback server)
 * and checked before the client may authorize, over HTTP.
 */
class ClientMetadataDocumentTest {
  private static final String RESOURCE = "http://localhost:1/mcp";
  private static final String REDIRECT = "http://127.0.0.1:7777/callback";
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private HttpServer site;
  private DevAuthorizationServer as;
  private DevClient client;

  @BeforeEach
  void start() throws Exception {
    site = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    site.createContext(
        "/",
        exchange -> {
          String body = documents.get(exchange.getRequestURI().getPath());
          byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    site.start();
    as = DevAuthorizationServer.start(0, RESOURCE);
    client = new DevClient(as);
  }

  @AfterEach
  void stop() {
    as.close();
    site.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + site.getAddress().getPort() + path;
  }

  /** Serves a document at {@code path} whose client_id is {@code clientId}. */
  private String serve(String path, String clientId, String extra) {
    documents.put(
        path,
        "{\"client_id\":\""
            + clientId
            + "\",\"client_name\":\"cimd\",\"redirect_uris\":[\""
            + REDIRECT
            + "\"]"
            + extra
            + "}");
    return url(path);
  }

  private DevClient.Answer authorize(String clientId, String redirect) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("response_type", "code");
    p.put("client_id", clientId);
    p.put("redirect_uri", redirect);
    p.put("code_challenge", DevClient.challenge(DevClient.VERIFIER));
    p.put("code_challenge_method", "S256");
    p.put("scope", "read:notes");
    p.put("state", "s");
    return client.authorize(p);
  }

  @Test
  void aClientWhoseIdIsItsMetadataDocumentUrlAuthorizesAndGetsAToken() throws Exception {
    String clientId = serve("/clients/app.json", url("/clients/app.json"), "");
    String code = DevClient.code(authorize(clientId, REDIRECT));
    JWTClaimsSet claims =
        DevClient.accessToken(
            client.token(
                Map.of(
                    "grant_type", "authorization_code",
                    "code", code,
                    "code_verifier", DevClient.VERIFIER,
                    "redirect_uri", REDIRECT,
                    "client_id", clientId),
                null));
    assertThat(claims.getStringClaim("client_id")).isEqualTo(clientId);
    assertThat(claims.getStringClaim("scope")).isEqualTo("read:notes");
  }

  @Test
  void aDocumentThatNamesAnotherClientIdIsRefused() throws Exception {
    String clientId = serve("/clients/liar.json", "https://app.example/client.json", "");
    DevClient.Answer refused = authorize(clientId, REDIRECT);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.location()).isNull();
    assertThat(refused.json().get("error").getAsString()).isEqualTo("invalid_client");
    assertThat(refused.json().get("error_description").getAsString())
        .contains("its client_id is not the URL it is served at");
  }

  @Test
  void aRedirectUriTheDocumentDoesNotListIsRefused() throws Exception {
    String clientId = serve("/clients/app.json", url("/clients/app.json"), "");
    DevClient.Answer refused = authorize(clientId, "http://127.0.0.1:7777/other");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error_description").getAsString())
        .contains("is not one of the client's redirect_uris");
  }

  @Test
  void aMissingLargeSecretBearingOrNonJsonDocumentIsRefusedWithTheReason() throws Exception {
    assertThat(description(authorize(url("/clients/none.json"), REDIRECT)))
        .contains("fetching it answered 404");
    String big = url("/clients/big.json");
    serve("/clients/big.json", big, ",\"padding\":\"" + "x".repeat(6000) + "\"");
    assertThat(description(authorize(big, REDIRECT))).contains("larger than 5120 bytes");
    String secret = url("/clients/secret.json");
    serve(
        "/clients/secret.json", secret, ",\"token_endpoint_auth_method\":\"client_secret_basic\"");
    assertThat(description(authorize(secret, REDIRECT)))
        .contains("token_endpoint_auth_method must be none");
    documents.put("/clients/text.json", "hello");
    assertThat(description(authorize(url("/clients/text.json"), REDIRECT)))
        .contains("not a JSON object");
    documents.put("/clients/broken.json", "{\"client_id\":");
    assertThat(description(authorize(url("/clients/broken.json"), REDIRECT)))
        .contains("it is not JSON");
  }

  @Test
  void onlyHttpsUrlsOrHttpOnALoopbackHostAreFetched() throws Exception {
    assertThat(description(authorize("http://app.example/client.json", REDIRECT)))
        .contains("must be https (or http on a loopback host)");
    assertThat(description(authorize(url("/"), REDIRECT))).contains("needs a host and a path");
    assertThat(description(authorize("https://user:pw@app.example/c.json", REDIRECT)))
        .contains("no user info");
  }

  private static String description(DevClient.Answer refused) {
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().get("error").getAsString()).isEqualTo("invalid_client");
    return refused.json().get("error_description").getAsString();
  }
}
