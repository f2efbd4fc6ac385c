package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client's mistakes get a clean 400 (or 401) with an OAuth error, and nothing is printed as a
 * stack trace (mock-oauth2-server's own endpoints print one for a missing {@code openid}).
 */
class ClientMistakesTest {
  private static final String REDIRECT = "http://127.0.0.1:7777/callback";
  private DevAuthorizationServer as;
  private DevClient client;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream err;

  @BeforeEach
  void start() throws Exception {
    as = DevAuthorizationServer.start(0, "http://localhost:1/mcp");
    client = new DevClient(as);
    err = System.err;
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setErr(err);
    as.close();
  }

  private static Map<String, String> params(String... pairs) {
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      p.put(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  @Test
  void authorizationMistakesAre400sOrErrorRedirectsWithoutAStackTrace() throws Exception {
    DevClient.Answer noClient = client.authorize(params("response_type", "code"));
    assertThat(noClient.status()).isEqualTo(400);
    assertThat(noClient.json().get("error").getAsString()).isEqualTo("invalid_request");
    DevClient.Answer noRedirect =
        client.authorize(params("client_id", "a", "response_type", "code"));
    assertThat(noRedirect.json().get("error_description").getAsString())
        .isEqualTo("redirect_uri is missing");
    DevClient.Answer badRedirect =
        client.authorize(params("client_id", "a", "redirect_uri", "javascript:alert(1)"));
    assertThat(badRedirect.status()).isEqualTo(400);
    DevClient.Answer token =
        client.authorize(
            params("client_id", "a", "redirect_uri", REDIRECT, "response_type", "token"));
    assertThat(token.redirectParameter("error")).isEqualTo("unsupported_response_type");
    DevClient.Answer target =
        client.authorize(
            params(
                "client_id",
                "a",
                "redirect_uri",
                REDIRECT,
                "response_type",
                "code",
                "resource",
                "not a uri"));
    assertThat(target.redirectParameter("error")).isEqualTo("invalid_target");
    DevClient.Answer twice =
        client.get(
            as.authorizationEndpoint()
                + "?client_id=a&client_id=b&redirect_uri="
                + REDIRECT
                + "&response_type=code");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.json().get("error_description").getAsString())
        .isEqualTo("client_id is sent more than once");
    DevClient.Answer noOpenid =
        client.authorize(
            params(
                "client_id",
                "a",
                "redirect_uri",
                REDIRECT,
                "response_type",
                "code",
                "scope",
                "read:notes"));
    assertThat(DevClient.code(noOpenid)).isNotBlank();
    assertNothingPrintedLikeAStackTrace();
  }

  @Test
  void tokenMistakesAreOAuthErrorsWithoutAStackTrace() throws Exception {
    for (Map<String, String> form :
        List.of(
            params("code", "x"),
            params("grant_type", "authorization_code", "client_id", "a"),
            params("grant_type", "authorization_code", "client_id", "a", "code", "nope"),
            params("grant_type", "refresh_token", "client_id", "a"),
            params("grant_type", "authorization_code", "code", "nope"),
            params("grant_type", "client_credentials", "resource", "#frag"),
            params("grant_type", "client_credentials", "client_id", "a"),
            params("grant_type", "client_credentials"),
            params("grant_type", "password", "client_id", "a"),
            params("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "client_id", "a"),
            params("grant_type", "implicit", "client_id", "a"))) {
      DevClient.Answer answer = client.token(form, null);
      assertThat(answer.status()).as(form + " " + answer.body()).isBetween(400, 401);
      assertThat(answer.json().get("error").getAsString()).as(form.toString()).isNotBlank();
    }
    DevClient.Answer malformed =
        client.send(
            new Request.Builder()
                .url(as.tokenEndpoint())
                .post(
                    RequestBody.create(
                        "grant_type=%zz", MediaType.get("application/x-www-form-urlencoded")))
                .build());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("error").getAsString()).isEqualTo("invalid_request");
    DevClient.Answer badBasic =
        client.send(
            new Request.Builder()
                .url(as.tokenEndpoint())
                .header("Authorization", "Basic !!!")
                .post(
                    RequestBody.create(
                        "grant_type=authorization_code&code=x",
                        MediaType.get("application/x-www-form-urlencoded")))
                .build());
    assertThat(badBasic.status()).isEqualTo(401);
    assertThat(badBasic.json().get("error").getAsString()).isEqualTo("invalid_client");
    DevClient.Answer unauthenticated =
        client.token(params("grant_type", "client_credentials", "client_id", "a"), null);
    assertThat(unauthenticated.status()).isEqualTo(401);
    assertThat(unauthenticated.json().get("error_description").getAsString())
        .startsWith("client_credentials needs client authentication");
    DevClient.Answer implicit = client.token(params("grant_type", "implicit"), "a");
    assertThat(implicit.json().get("error").getAsString()).isEqualTo("unsupported_grant_type");
    assertNothingPrintedLikeAStackTrace();
  }

  private void assertNothingPrintedLikeAStackTrace() {
    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output).doesNotContain("\tat ", "Exception");
  }
}
