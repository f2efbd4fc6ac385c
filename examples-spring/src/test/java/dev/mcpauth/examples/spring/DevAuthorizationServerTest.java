package dev.mcpauth.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Spring demo's embedded development authorization server, over HTTP. */
class DevAuthorizationServerTest {
  private static final String RESOURCE = "http://localhost:1/mcp";
  private final HttpClient http = HttpClient.newHttpClient();

  private JWTClaimsSet token(DevAuthorizationServer as, String form) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(as.tokenEndpoint()))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("demo-client:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    assertThat(token.find()).isTrue();
    return SignedJWT.parse(token.group(1)).getJWTClaimsSet();
  }

  @Test
  void tokensCarryAuthTimeAndTheAcrAndRolesAskedFor() throws Exception {
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, RESOURCE)) {
      long before = Instant.now().getEpochSecond();
      JWTClaimsSet plain =
          token(as, "grant_type=client_credentials&scope=read:notes&resource=" + RESOURCE);
      assertThat(plain.getLongClaim("auth_time")).isBetween(before, Instant.now().getEpochSecond());
      assertThat(plain.getStringClaim("acr")).isEqualTo("pwd");
      assertThat(plain.getClaim("roles")).isNull();
      JWTClaimsSet stepped =
          token(
              as,
              "grant_type=client_credentials&scope=read:notes&acr=mfa&roles=notes-admin%20x&resource="
                  + RESOURCE);
      assertThat(stepped.getStringClaim("acr")).isEqualTo("mfa");
      assertThat(stepped.getStringListClaim("roles")).containsExactly("notes-admin", "x");
      assertThat(
              token(as, "grant_type=client_credentials&acr_values=mfa&resource=" + RESOURCE)
                  .getStringClaim("acr"))
          .isEqualTo("mfa");
    }
  }
}
