package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8693 token exchange at the development authorization server: only a live token it issued is
 * exchanged; the exchanged token is for the requested resource, keeps the subject token's scope
 * unless a narrower one is asked for, and names the exchanging client in {@code act}.
 */
class TokenExchangeTest {
  private static final String RESOURCE = "http://localhost:1/mcp";
  private static final String DOWNSTREAM = "http://localhost:1/downstream";
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

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

  private DevClient.Answer subjectToken(String scope, String format) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("scope", scope);
    form.put("resource", RESOURCE);
    form.put("token_format", format);
    DevClient.Answer answer = client.token(form, "mcp-client");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer;
  }

  private DevClient.Answer exchange(String subjectToken, String scope) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", TOKEN_EXCHANGE);
    form.put("subject_token", subjectToken);
    form.put("subject_token_type", ACCESS_TOKEN_TYPE);
    form.put("resource", DOWNSTREAM);
    if (scope != null) {
      form.put("scope", scope);
    }
    return client.token(form, "notes-mcp-server");
  }

  @Test
  void anExchangedTokenIsForTheResourceWithTheSubjectsScopeAndAnActClaim() throws Exception {
    String subject =
        subjectToken("read:notes write:notes", "jwt").json().get("access_token").getAsString();
    JWTClaimsSet exchanged = DevClient.accessToken(exchange(subject, null));
    assertThat(exchanged.getAudience()).containsExactly(DOWNSTREAM);
    assertThat(exchanged.getStringClaim("scope")).isEqualTo("read:notes write:notes");
    assertThat(exchanged.getJSONObjectClaim("act")).isEqualTo(Map.of("sub", "notes-mcp-server"));
    assertThat(exchanged.getSubject()).isEqualTo("mcp-client");
  }

  @Test
  void aNarrowerScopeCanBeAskedFor() throws Exception {
    String subject =
        subjectToken("read:notes write:notes", "jwt").json().get("access_token").getAsString();
    JWTClaimsSet exchanged = DevClient.accessToken(exchange(subject, "read:notes"));
    assertThat(exchanged.getStringClaim("scope")).isEqualTo("read:notes");
  }

  @Test
  void anOpaqueSubjectTokenIsExchangedByItsJwt() throws Exception {
    String subject = subjectToken("read:notes", "opaque").json().get("access_token").getAsString();
    JWTClaimsSet exchanged = DevClient.accessToken(exchange(subject, null));
    assertThat(exchanged.getAudience()).containsExactly(DOWNSTREAM);
    assertThat(exchanged.getStringClaim("scope")).isEqualTo("read:notes");
  }

  @Test
  void aSubjectTokenThisServerDidNotIssueIsInvalidGrant() throws Exception {
    String unsigned =
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5Iiwic2NvcGUiOiJhZG1pbiIsImV4cCI6OTk5OTk5OTk5OX0.";
    for (String forged : List.of(unsigned, "not-a-token")) {
      DevClient.Answer answer = exchange(forged, null);
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
      assertThat(answer.json().get("error").getAsString()).isEqualTo("invalid_grant");
    }
    try (DevAuthorizationServer other = DevAuthorizationServer.start(0, RESOURCE)) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "client_credentials");
      form.put("resource", RESOURCE);
      String foreign =
          new DevClient(other).token(form, "x").json().get("access_token").getAsString();
      DevClient.Answer answer = exchange(foreign, null);
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
      assertThat(answer.json().get("error").getAsString()).isEqualTo("invalid_grant");
    }
  }
}
