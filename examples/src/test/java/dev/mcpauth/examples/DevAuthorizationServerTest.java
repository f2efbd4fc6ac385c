package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded development authorization server, over HTTP, as clients and the demo use it. */
class DevAuthorizationServerTest {
  private static final String RESOURCE = "http://localhost:1/mcp";
  private static final String REDIRECT = "http://127.0.0.1:1/callback";
  private final OkHttpClient http =
      new OkHttpClient.Builder().followRedirects(false).readTimeout(20, TimeUnit.SECONDS).build();
  private DevAuthorizationServer as;

  @BeforeEach
  void start() throws Exception {
    as = DevAuthorizationServer.start(0, RESOURCE);
  }

  @AfterEach
  void stop() {
    as.close();
  }

  private JsonObject post(FormBody form, String client) throws Exception {
    Request.Builder request = new Request.Builder().url(as.tokenEndpoint()).post(form);
    if (client != null) {
      request.header("Authorization", Credentials.basic(client, "secret"));
    }
    try (Response r = http.newCall(request.build()).execute()) {
      String body = r.body().string();
      assertThat(r.code()).as(body).isEqualTo(200);
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  private static JWTClaimsSet claims(JsonObject tokenResponse) throws Exception {
    return SignedJWT.parse(tokenResponse.get("access_token").getAsString()).getJWTClaimsSet();
  }

  private JWTClaimsSet clientCredentials(Map<String, String> extra) throws Exception {
    FormBody.Builder form =
        new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("scope", "read:notes")
            .add("resource", RESOURCE);
    extra.forEach(form::add);
    return claims(post(form.build(), "demo-client"));
  }

  /** Runs the authorization code flow with these extra authorization request parameters. */
  private JWTClaimsSet login(Map<String, String> extra) throws Exception {
    HttpUrl.Builder authorize =
        HttpUrl.get(as.issuer() + "/authorize")
            .newBuilder()
            .addQueryParameter("client_id", "demo-client")
            .addQueryParameter("response_type", "code")
            .addQueryParameter("redirect_uri", REDIRECT)
            .addQueryParameter("scope", "openid read:notes")
            .addQueryParameter("state", "s1");
    extra.forEach(authorize::addQueryParameter);
    String code;
    try (Response r =
        http.newCall(new Request.Builder().url(authorize.build()).build()).execute()) {
      assertThat(r.code()).as(r.body().string()).isEqualTo(302);
      code = HttpUrl.get(r.header("Location")).queryParameter("code");
    }
    assertThat(code).isNotBlank();
    return claims(
        post(
            new FormBody.Builder()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", REDIRECT)
                .add("resource", RESOURCE)
                .build(),
            "demo-client"));
  }

  @Test
  void everyTokenCarriesAuthTimeAndAPasswordAcrUnlessMoreIsAskedFor() throws Exception {
    long before = Instant.now().getEpochSecond();
    JWTClaimsSet claims = clientCredentials(Map.of());
    long after = Instant.now().getEpochSecond();
    assertThat(claims.getLongClaim("auth_time")).isBetween(before, after);
    assertThat(claims.getStringClaim("acr")).isEqualTo("pwd");
    assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
    assertThat(claims.getClaim("roles")).isNull();
    assertThat(claims.getStringClaim("scope")).isEqualTo("read:notes");
  }

  @Test
  void aClientCredentialsRequestNamesItsAcrAndRoles() throws Exception {
    JWTClaimsSet claims =
        clientCredentials(Map.of("acr", "mfa", "roles", "notes-admin  notes-reader"));
    assertThat(claims.getStringClaim("acr")).isEqualTo("mfa");
    assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp");
    assertThat(claims.getStringListClaim("roles")).containsExactly("notes-admin", "notes-reader");
    assertThat(claims.getAudience()).containsExactly(RESOURCE);
  }

  @Test
  void acrValuesWithMfaInATokenRequestGiveMfa() throws Exception {
    assertThat(clientCredentials(Map.of("acr_values", "urn:x mfa")).getStringClaim("acr"))
        .isEqualTo("mfa");
    assertThat(clientCredentials(Map.of("acr_values", "urn:x")).getStringClaim("acr"))
        .isEqualTo("urn:x");
  }

  @Test
  void aLoginAskedForMfaAndRolesGivesThemToTheAccessToken() throws Exception {
    long before = Instant.now().getEpochSecond();
    JWTClaimsSet claims = login(Map.of("acr_values", "mfa", "roles", "notes-admin"));
    assertThat(claims.getStringClaim("acr")).isEqualTo("mfa");
    assertThat(claims.getStringListClaim("roles")).containsExactly("notes-admin");
    assertThat(claims.getLongClaim("auth_time")).isGreaterThanOrEqualTo(before);
    assertThat(claims.getStringClaim("scope")).isEqualTo("read:notes");
    assertThat(claims.getSubject()).isEqualTo("alice");
  }

  @Test
  void aPlainLoginGivesPasswordAcrAndNoRoles() throws Exception {
    JWTClaimsSet claims = login(Map.of());
    assertThat(claims.getStringClaim("acr")).isEqualTo("pwd");
    assertThat(claims.getClaim("roles")).isNull();
  }

  @Test
  void theDemoBannerSaysHowToGetAcrAndRoles() throws Exception {
    try (Demo demo =
        Demo.start(DemoOptions.parse(List.of("--port", String.valueOf(DemoTest.freePort()))))) {
      assertThat(demo.banner()).contains("-d acr=mfa -d roles=notes-admin", "acr_values=mfa");
    }
  }
}
