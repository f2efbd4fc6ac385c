package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kept refresh token never defeats a step-up: refresh tokens come only with {@code
 * offline_access}; a refresh grant that asks for a wider scope gets it; the client's next
 * authorization gets the wider scope; the login's {@code acr} and {@code auth_time} survive a
 * refresh.
 */
class RefreshAndStepUpTest {
  private static final String RESOURCE = "http://localhost:1/mcp";
  private static final String REDIRECT = "http://127.0.0.1:7777/callback";
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

  private DevClient.Answer login(String scope, String acrValues) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("response_type", "code");
    p.put("client_id", "app");
    p.put("redirect_uri", REDIRECT);
    p.put("code_challenge", DevClient.challenge(DevClient.VERIFIER));
    p.put("code_challenge_method", "S256");
    p.put("scope", scope);
    if (acrValues != null) {
      p.put("acr_values", acrValues);
    }
    String code = DevClient.code(client.authorize(p));
    return client.token(
        Map.of(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "code_verifier",
            DevClient.VERIFIER,
            "redirect_uri",
            REDIRECT,
            "client_id",
            "app"),
        null);
  }

  private DevClient.Answer refresh(String refreshToken, String scope, String clientId)
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    form.put("client_id", clientId);
    if (scope != null) {
      form.put("scope", scope);
    }
    return client.token(form, null);
  }

  @Test
  void aRefreshGrantAskingForAWiderScopeGetsIt() throws Exception {
    DevClient.Answer first = login("read:notes offline_access", "mfa");
    JWTClaimsSet original = DevClient.accessToken(first);
    assertThat(original.getStringClaim("scope")).isEqualTo("read:notes");
    String refreshToken = first.json().get("refresh_token").getAsString();
    DevClient.Answer wider = refresh(refreshToken, "read:notes write:notes", "app");
    JWTClaimsSet widened = DevClient.accessToken(wider);
    assertThat(widened.getStringClaim("scope")).isEqualTo("read:notes write:notes");
    assertThat(wider.json().get("scope").getAsString()).isEqualTo("read:notes write:notes");
    assertThat(wider.json().get("refresh_token").getAsString()).isEqualTo(refreshToken);
    // a refresh is no new login: the authentication of the login stays
    assertThat(widened.getStringClaim("acr")).isEqualTo("mfa");
    assertThat(widened.getLongClaim("auth_time")).isEqualTo(original.getLongClaim("auth_time"));
    // and the refresh token now grants the wider scope when no scope is named
    assertThat(DevClient.accessToken(refresh(refreshToken, null, "app")).getStringClaim("scope"))
        .isEqualTo("read:notes write:notes");
  }

  @Test
  void withoutOfflineAccessThereIsNoRefreshTokenToKeep() throws Exception {
    DevClient.Answer tokens = login("read:notes", null);
    assertThat(tokens.json().has("refresh_token")).isFalse();
  }

  @Test
  void theClientsNextAuthorizationGetsTheWiderScope() throws Exception {
    DevClient.Answer first = login("read:notes offline_access", null);
    assertThat(first.json().has("refresh_token")).isTrue();
    JWTClaimsSet stepped = DevClient.accessToken(login("read:notes write:notes", null));
    assertThat(stepped.getStringClaim("scope")).isEqualTo("read:notes write:notes");
  }

  @Test
  void aRefreshTokenOfAnotherClientOrAnUnknownOneIsAnInvalidGrant() throws Exception {
    String refreshToken =
        login("read:notes offline_access", null).json().get("refresh_token").getAsString();
    DevClient.Answer stolen = refresh(refreshToken, null, "another-app");
    assertThat(stolen.status()).isEqualTo(400);
    assertThat(stolen.json().get("error").getAsString()).isEqualTo("invalid_grant");
    assertThat(refresh("no-such-token", null, "app").json().get("error").getAsString())
        .isEqualTo("invalid_grant");
  }

  @Test
  void anOpenidLoginAlsoGetsAnIdTokenForTheClient() throws Exception {
    DevClient.Answer tokens = login("openid read:notes", null);
    assertThat(DevClient.accessToken(tokens).getStringClaim("scope")).isEqualTo("read:notes");
    JWTClaimsSet id =
        com.nimbusds.jwt.SignedJWT.parse(tokens.json().get("id_token").getAsString())
            .getJWTClaimsSet();
    assertThat(id.getAudience()).containsExactly("app");
    assertThat(id.getSubject()).isEqualTo("alice");
    assertThat(id.getIssuer()).isEqualTo(as.issuer());
  }
}
