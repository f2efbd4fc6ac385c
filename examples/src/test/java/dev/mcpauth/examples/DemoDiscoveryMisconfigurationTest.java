package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code --type oauth} against an issuer that serves OpenID discovery only: the log names the fix
 * once (the discovery probes the other well-known URL), requests get 500 meanwhile (not 503: it is
 * not an outage), and with the fix the same token is accepted.
 */
class DemoDiscoveryMisconfigurationTest {
  private final OkHttpClient http = new OkHttpClient();

  private int notes(Demo demo, String token) throws Exception {
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url("http://localhost:" + demo.port() + "/notes")
                    .header("Authorization", "Bearer " + token)
                    .build())
            .execute()) {
      return r.code();
    }
  }

  @Test
  void typeOauthAgainstAnOpenIdOnlyIssuerLogsTheFixOnce() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, "http://localhost:1/mcp")) {
      int port = DemoTest.freePort();
      List<String> args =
          List.of("--port", String.valueOf(port), "--issuer", as.issuer(), "--adapter", "undertow");
      String token = McpHttp.token(as, "c", "read:notes", "http://localhost:" + port + "/mcp");
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (Demo demo = Demo.start(DemoOptions.parse(concat(args, "--type", "oauth")))) {
        // A configuration error, not an outage: 500 without Retry-After (clients must not retry).
        assertThat(notes(demo, token)).isEqualTo(500);
        assertThat(notes(demo, token)).isEqualTo(500);
      } finally {
        System.setErr(original);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log)
          .contains(
              "no oauth metadata for issuer " + as.issuer() + ": GET ",
              "answered HTTP 404; this issuer serves OpenID discovery",
              "use type oidc or auto");
      assertThat(log.split(Pattern.quote("WARN dev.mcpauth.AuthServerDiscovery"), -1)).hasSize(2);
      assertThat(log).doesNotContain(token);
      try (Demo demo = Demo.start(DemoOptions.parse(concat(args, "--type", "oidc")))) {
        assertThat(notes(demo, token)).isEqualTo(200);
      }
    }
  }

  private static List<String> concat(List<String> args, String... more) {
    return Stream.concat(args.stream(), Arrays.stream(more)).toList();
  }
}
