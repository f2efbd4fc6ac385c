package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7591 dynamic registration and the authorization code flow with PKCE and without {@code
 * openid}, as an MCP client with default settings runs them, over HTTP.
 */
class DynamicClientRegistrationTest {
  private static final String RESOURCE = "http://localhost:1/mcp";
  private static final String REDIRECT = "http://localhost:7777/oauth/callback";
  private DevAuthorizationServer as;
  private DevClient client;

  @BeforeEach
  void start() throws Exception {
    as = DevAuthorizationServer.start(0, RESOURCE);
    client = new DevClient(as);
  }

  @AfterEach
  void stop() {
    as.close();
  }

  private String registerPublicClient() throws Exception {
    DevClient.Answer registered =
        client.register(
            "{\"client_name\":\"t\",\"redirect_uris\":[\""
                + REDIRECT
                + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\"}");
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    return registered.json().get("client_id").getAsString();
  }

  private Map<String, String> authorization(String clientId, String scope) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("response_type", "code");
    p.put("client_id", clientId);
    p.put("code_challenge", DevClient.challenge(DevClient.VERIFIER));
    p.put("code_challenge_method", "S256");
    p.put("redirect_uri", REDIRECT);
    p.put("state", "st-1");
    p.put("scope", scope);
    p.put("resource", RESOURCE);
    return p;
  }

  private DevClient.Answer exchange(String clientId, String code) throws Exception {
    return client.token(
        Map.of(
            "grant_type", "authorization_code",
            "code", code,
            "code_verifier", DevClient.VERIFIER,
            "redirect_uri", REDIRECT,
            "client_id", clientId,
            "resource", RESOURCE),
        null);
  }

  @Test
  void theMetadataAdvertisesRegistrationMetadataDocumentsAndS256() throws Exception {
    for (String path : new String[] {"openid-configuration", "oauth-authorization-server"}) {
      JsonObject metadata = client.get(as.issuer() + "/.well-known/" + path).json();
      assertThat(metadata.get("registration_endpoint").getAsString())
          .isEqualTo(as.registrationEndpoint());
      assertThat(metadata.get("client_id_metadata_document_supported").getAsBoolean()).isTrue();
      assertThat(metadata.get("code_challenge_methods_supported").toString())
          .isEqualTo("[\"S256\"]");
      assertThat(metadata.get("token_endpoint_auth_methods_supported").toString())
          .contains("\"none\"");
      assertThat(metadata.get("issuer").getAsString()).isEqualTo(as.issuer());
    }
  }

  @Test
  void aRegisteredPublicClientGetsATokenWithoutOpenidAndWithoutARefreshToken() throws Exception {
    String clientId = registerPublicClient();
    DevClient.Answer authorized = client.authorize(authorization(clientId, "read:notes"));
    assertThat(authorized.location()).startsWith(REDIRECT + "?");
    assertThat(authorized.redirectParameter("state")).isEqualTo("st-1");
    assertThat(authorized.redirectParameter("iss")).isEqualTo(as.issuer());
    DevClient.Answer tokens = exchange(clientId, DevClient.code(authorized));
    JWTClaimsSet claims = DevClient.accessToken(tokens);
    assertThat(claims.getStringClaim("scope")).isEqualTo("read:notes");
    assertThat(claims.getStringClaim("client_id")).isEqualTo(clientId);
    assertThat(claims.getAudience()).containsExactly(RESOURCE);
    assertThat(claims.getIssuer()).isEqualTo(as.issuer());
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(tokens.json().get("token_type").getAsString()).isEqualTo("Bearer");
    assertThat(tokens.json().get("scope").getAsString()).isEqualTo("read:notes");
    assertThat(tokens.json().has("refresh_token")).isFalse();
    assertThat(tokens.json().has("id_token")).isFalse();
  }

  @Test
  void aConfidentialRegistrationGetsASecretAndEchoesItsMetadata() throws Exception {
    DevClient.Answer registered =
        client.register("{\"client_name\":\"c\",\"redirect_uris\":[\"" + REDIRECT + "\"]}");
    assertThat(registered.status()).isEqualTo(201);
    JsonObject info = registered.json();
    assertThat(info.get("client_secret").getAsString()).isNotBlank();
    assertThat(info.get("client_secret_expires_at").getAsLong()).isZero();
    assertThat(info.get("token_endpoint_auth_method").getAsString())
        .isEqualTo("client_secret_basic");
    assertThat(info.get("client_name").getAsString()).isEqualTo("c");
    assertThat(info.get("client_id_issued_at").getAsLong()).isPositive();
  }

  @Test
  void aRedirectUriTheClientDidNotRegisterIsRefusedWithoutARedirect() throws Exception {
    String clientId = registerPublicClient();
    Map<String, String> p = authorization(clientId, "read:notes");
    p.put("redirect_uri", "http://localhost:7777/elsewhere");
    DevClient.Answer refused = client.authorize(p);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.location()).isNull();
    assertThat(refused.json().get("error").getAsString()).isEqualTo("invalid_request");
    assertThat(refused.json().get("error_description").getAsString())
        .contains("not one of the client's redirect_uris");
  }

  @Test
  void aRegisteredClientMustUsePkceWithS256() throws Exception {
    String clientId = registerPublicClient();
    Map<String, String> without = authorization(clientId, "read:notes");
    without.remove("code_challenge");
    without.remove("code_challenge_method");
    DevClient.Answer refused = client.authorize(without);
    assertThat(refused.status()).isEqualTo(302);
    assertThat(refused.redirectParameter("error")).isEqualTo("invalid_request");
    assertThat(refused.redirectParameter("error_description")).contains("PKCE is required");
    assertThat(refused.redirectParameter("state")).isEqualTo("st-1");
    Map<String, String> plain = authorization(clientId, "read:notes");
    plain.put("code_challenge_method", "plain");
    assertThat(client.authorize(plain).redirectParameter("error")).isEqualTo("invalid_request");
  }

  @Test
  void aWrongCodeVerifierAnotherClientAndASecondUseOfACodeAreInvalidGrants() throws Exception {
    String clientId = registerPublicClient();
    String code = DevClient.code(client.authorize(authorization(clientId, "read:notes")));
    DevClient.Answer wrong =
        client.token(
            Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "code_verifier", DevClient.VERIFIER + "x",
                "redirect_uri", REDIRECT,
                "client_id", clientId),
            null);
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("error").getAsString()).isEqualTo("invalid_grant");
    assertThat(exchange(clientId, code).json().get("error").getAsString())
        .isEqualTo("invalid_grant"); // the failed attempt used the code up
    String another = DevClient.code(client.authorize(authorization(clientId, "read:notes")));
    DevClient.Answer stolen = exchange("someone-else", another);
    assertThat(stolen.json().get("error_description").getAsString())
        .isEqualTo("the code was issued to another client");
  }

  @Test
  void registrationMistakesAreAnsweredWithRfc7591Errors() throws Exception {
    assertThat(client.register("not json").json().get("error").getAsString())
        .isEqualTo("invalid_client_metadata");
    assertThat(client.register("[]").status()).isEqualTo(400);
    DevClient.Answer noRedirect = client.register("{\"client_name\":\"x\"}");
    assertThat(noRedirect.status()).isEqualTo(400);
    assertThat(noRedirect.json().get("error").getAsString()).isEqualTo("invalid_redirect_uri");
    DevClient.Answer plainHttp =
        client.register("{\"redirect_uris\":[\"http://app.example/callback\"]}");
    assertThat(plainHttp.json().get("error").getAsString()).isEqualTo("invalid_redirect_uri");
    assertThat(plainHttp.json().get("error_description").getAsString()).contains("not loopback");
    assertThat(
            client
                .register("{\"redirect_uris\":[\"https://app.example/cb#frag\"]}")
                .json()
                .get("error")
                .getAsString())
        .isEqualTo("invalid_redirect_uri");
    assertThat(
            client
                .register(
                    "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":7}")
                .json()
                .get("error")
                .getAsString())
        .isEqualTo("invalid_client_metadata");
    assertThat(
            client
                .register(
                    "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"grant_types\":[\"implicit\"]}")
                .json()
                .get("error")
                .getAsString())
        .isEqualTo("invalid_client_metadata");
    DevClient.Answer nativeApp =
        client.register("{\"redirect_uris\":[\"com.example.app:/callback\"]}");
    assertThat(nativeApp.status()).as(nativeApp.body()).isEqualTo(201);
  }

  @Test
  void aPrivateUseSchemeRedirectGetsItsCode() throws Exception {
    String clientId =
        client
            .register(
                "{\"redirect_uris\":[\"com.example.app:/callback\"],"
                    + "\"token_endpoint_auth_method\":\"none\"}")
            .json()
            .get("client_id")
            .getAsString();
    Map<String, String> p = authorization(clientId, "read:notes");
    p.put("redirect_uri", "com.example.app:/callback");
    DevClient.Answer authorized = client.authorize(p);
    assertThat(authorized.status()).isEqualTo(302);
    assertThat(authorized.location()).startsWith("com.example.app:/callback?state=st-1&iss=");
    assertThat(authorized.location()).contains("&code=");
  }

  @Test
  void aBrowserClientCanReadTheMetadataRegistrationAndTokenAnswers() throws Exception {
    String origin = "http://localhost:6274";
    DevClient.Answer metadata =
        client.send(
            new Request.Builder()
                .url(as.issuer() + "/.well-known/oauth-authorization-server")
                .header("Origin", origin)
                .build());
    assertThat(metadata.allowOrigin()).isEqualTo(origin);
    DevClient.Answer registered =
        client.send(
            new Request.Builder()
                .url(as.registrationEndpoint())
                .header("Origin", origin)
                .post(
                    RequestBody.create(
                        "{\"redirect_uris\":[\"" + REDIRECT + "\"]}",
                        MediaType.get("application/json")))
                .build());
    assertThat(registered.status()).isEqualTo(201);
    assertThat(registered.allowOrigin()).isEqualTo(origin);
    DevClient.Answer token =
        client.send(
            new Request.Builder()
                .url(as.tokenEndpoint())
                .header("Origin", origin)
                .post(
                    RequestBody.create(
                        "grant_type=authorization_code&code=x&client_id=a",
                        MediaType.get("application/x-www-form-urlencoded")))
                .build());
    assertThat(token.status()).isEqualTo(400);
    assertThat(token.allowOrigin()).isEqualTo(origin);
  }

  @Test
  void aBrowserProbingAnotherDiscoveryUrlGetsAPlain404ItCanRead() throws Exception {
    String origin = "http://localhost:6274";
    String probe = as.issuer().replace("/dev", "") + "/.well-known/oauth-authorization-server/dev";
    DevClient.Answer preflight =
        client.send(
            new Request.Builder()
                .url(probe)
                .method("OPTIONS", null)
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .build());
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.allowOrigin()).isEqualTo(origin);
    DevClient.Answer missing =
        client.send(new Request.Builder().url(probe).header("Origin", origin).build());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.allowOrigin()).isEqualTo(origin);
  }
}
