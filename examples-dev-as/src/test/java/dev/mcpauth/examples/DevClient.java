package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A scripted OAuth client of the development authorization server, over real HTTP. */
final class DevClient {
  /** An answer: status, headers we look at, body. */
  record Answer(int status, String location, String body, String allowOrigin) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    /** A query parameter of the redirect. */
    String redirectParameter(String name) {
      return HttpUrl.get(location).queryParameter(name);
    }
  }

  static final String VERIFIER = "a-code-verifier-that-is-long-enough-for-rfc-7636-0123456789";

  private final OkHttpClient http =
      new OkHttpClient.Builder().followRedirects(false).readTimeout(20, TimeUnit.SECONDS).build();
  private final DevAuthorizationServer as;

  DevClient(DevAuthorizationServer as) {
    this.as = as;
  }

  static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  Answer send(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      return new Answer(
          r.code(),
          r.header("Location"),
          r.body().string(),
          r.header("Access-Control-Allow-Origin"));
    }
  }

  Answer get(String url) throws IOException {
    return send(new Request.Builder().url(url).build());
  }

  Answer register(String json) throws IOException {
    return send(
        new Request.Builder()
            .url(as.registrationEndpoint())
            .post(RequestBody.create(json, MediaType.get("application/json")))
            .build());
  }

  /** GET /authorize with these parameters (in order). */
  Answer authorize(Map<String, String> parameters) throws IOException {
    HttpUrl.Builder url = HttpUrl.get(as.authorizationEndpoint()).newBuilder();
    parameters.forEach(url::addQueryParameter);
    return send(new Request.Builder().url(url.build()).build());
  }

  /** POST /token with this form; {@code basicClient} authenticates with HTTP Basic when given. */
  Answer token(Map<String, String> form, String basicClient) throws IOException {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(body::add);
    Request.Builder request = new Request.Builder().url(as.tokenEndpoint()).post(body.build());
    if (basicClient != null) {
      request.header("Authorization", Credentials.basic(basicClient, "secret"));
    }
    return send(request.build());
  }

  /** The authorization code of a successful authorization redirect. */
  static String code(Answer authorized) {
    assertThat(authorized.status()).as(authorized.body()).isEqualTo(302);
    assertThat(authorized.redirectParameter("error"))
        .as(authorized.redirectParameter("error_description"))
        .isNull();
    return authorized.redirectParameter("code");
  }

  /** The claims of the access token of a successful token response. */
  static JWTClaimsSet accessToken(Answer tokens) throws Exception {
    assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
    return SignedJWT.parse(tokens.json().get("access_token").getAsString()).getJWTClaimsSet();
  }
}
