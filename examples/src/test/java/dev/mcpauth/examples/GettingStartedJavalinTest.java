package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.examples.docs.GettingStartedJavalin;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The README's getting-started code, run: it does what the README says. */
class GettingStartedJavalinTest {

  @Test
  void readmeCodeProtectsTheNotesRoute() throws Exception {
    int port = DemoTest.freePort();
    try (FakeAuthorizationServer as = new FakeAuthorizationServer()) {
      Javalin app = GettingStartedJavalin.start(as.issuer(), port);
      try {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/notes")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
            .contains(
                "Bearer resource_metadata=\"http://localhost:"
                    + port
                    + "/.well-known/oauth-protected-resource/notes\", scope=\"read:notes\"");
        String token =
            Tokens.valid(as.issuer(), "http://localhost:" + port + "/notes")
                .claim("scope", "read:notes")
                .build();
        HttpResponse<String> ok =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/notes"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"notes\":[],\"owner\":\"alice\"}");
      } finally {
        app.stop();
      }
    }
  }
}
