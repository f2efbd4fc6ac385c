package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The demo as a newcomer runs it, on both adapters: every step the banner suggests behaves as
 * printed, and the two HTTP stacks answer byte for byte the same statuses and challenges.
 */
class DemoTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();

  static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private String token(Demo demo, String scope) throws IOException {
    DevAuthorizationServer as = demo.devServer().orElseThrow();
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(as.tokenEndpoint())
                    .header("Authorization", Credentials.basic("demo-client", "secret"))
                    .post(
                        new FormBody.Builder()
                            .add("grant_type", "client_credentials")
                            .add("scope", scope)
                            .add("resource", demo.resource())
                            .build())
                    .build())
            .execute()) {
      String body = r.body().string();
      return body.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
  }

  private static String toolCall(String name, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + name
        + "\",\"arguments\":"
        + arguments
        + "}}";
  }

  /** status, WWW-Authenticate and (for successes) the body of each step, as one comparable list. */
  private List<String> walkThrough(String adapter) throws Exception {
    int port = freePort();
    List<String> seen = new ArrayList<>();
    try (Demo demo =
        Demo.start(
            DemoOptions.parse(List.of("--port", String.valueOf(port), "--adapter", adapter)))) {
      String base = "http://localhost:" + port;
      assertThat(demo.banner())
          .contains(base + "/mcp", base + "/notes", "FOR DEVELOPMENT ONLY", "TOKEN=$(curl");
      seen.add(step(new Request.Builder().url(base + "/notes"), false));
      seen.add(
          step(new Request.Builder().url(base + "/.well-known/oauth-protected-resource/mcp"), true)
              .replace(demo.devServer().orElseThrow().issuer(), "ISSUER"));
      String read = token(demo, "read:notes");
      seen.add(
          step(
              new Request.Builder().url(base + "/notes").header("Authorization", "Bearer " + read),
              true));
      seen.add(step(mcp(base, read, toolCall("create_note", "{\"text\":\"hi\"}")), false));
      seen.add(step(mcp(base, read, toolCall("add", "{\"a\":2,\"b\":3}")), true));
      seen.add(
          step(mcp(base, read, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), true));
      String write = token(demo, "read:notes write:notes");
      seen.add(step(mcp(base, write, toolCall("create_note", "{\"text\":\"hi\"}")), true));
      seen.add(
          step(
              new Request.Builder().url(base + "/notes").header("Authorization", "Bearer " + write),
              true));
      seen.add(step(mcp(base, null, toolCall("create_note", "{\"text\":\"hi\"}")), false));
      seen.add(
          step(
              new Request.Builder().url(base + "/mcp").header("Authorization", "Bearer " + read),
              false));
      seen.add(
          step(
              new Request.Builder()
                  .url(base + "/notes")
                  .header("Authorization", "Bearer " + read)
                  .addHeader("Authorization", "Bearer " + read),
              false));
    }
    return seen;
  }

  private Request.Builder mcp(String base, String token, String body) {
    Request.Builder b =
        new Request.Builder()
            .url(base + "/mcp")
            .header("Accept", "application/json, text/event-stream")
            .post(RequestBody.create(body, JSON));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private String step(Request.Builder request, boolean withBody) throws IOException {
    try (Response r = http.newCall(request.build()).execute()) {
      String challenge = r.header("WWW-Authenticate");
      return r.code()
          + " "
          + (challenge == null ? "-" : challenge)
          + (withBody ? " " + r.body().string() : "");
    }
  }

  @Test
  void everyAdapterBehavesAsTheBannerSaysAndIdentically() throws Exception {
    List<String> javalin = walkThrough("javalin");
    List<String> undertow = walkThrough("undertow");
    List<String> servlet = walkThrough("servlet");
    List<String> javalinWithoutPorts = new ArrayList<>();
    List<String> undertowWithoutPorts = new ArrayList<>();
    List<String> servletWithoutPorts = new ArrayList<>();
    javalin.forEach(s -> javalinWithoutPorts.add(s.replaceAll("localhost:\\d+", "localhost:PORT")));
    undertow.forEach(
        s -> undertowWithoutPorts.add(s.replaceAll("localhost:\\d+", "localhost:PORT")));
    servlet.forEach(s -> servletWithoutPorts.add(s.replaceAll("localhost:\\d+", "localhost:PORT")));
    assertThat(undertowWithoutPorts).isEqualTo(javalinWithoutPorts);
    assertThat(servletWithoutPorts).isEqualTo(javalinWithoutPorts);

    String prm = "http://localhost:PORT/.well-known/oauth-protected-resource/mcp";
    assertThat(javalinWithoutPorts.get(0))
        .isEqualTo("401 Bearer resource_metadata=\"" + prm + "\", scope=\"read:notes\"");
    assertThat(javalinWithoutPorts.get(1))
        .isEqualTo(
            "200 - {\"resource\":\"http://localhost:PORT/mcp\","
                + "\"authorization_servers\":[\"ISSUER\"],\"scopes_supported\":[\"read:notes\",\"write:notes\"],"
                + "\"bearer_methods_supported\":[\"header\"],\"resource_name\":\"Notes (MCP Auth for Java demo)\"}");
    assertThat(javalinWithoutPorts.get(2))
        .isEqualTo("200 - {\"notes\":[\"Welcome to MCP Auth for Java.\"]}");
    assertThat(javalinWithoutPorts.get(3))
        .isEqualTo(
            "403 Bearer error=\"insufficient_scope\", scope=\"read:notes write:notes\", "
                + "resource_metadata=\""
                + prm
                + "\"");
    assertThat(javalinWithoutPorts.get(4)).contains("200 -").contains("\"text\":\"5.0\"");
    // every tool is listed by default: a read-only client sees create_note, so it can step up to it
    assertThat(javalinWithoutPorts.get(5))
        .contains("list_notes", "create_note", "whoami", "\"add\"");
    assertThat(javalinWithoutPorts.get(6)).contains("created note 3");
    assertThat(javalinWithoutPorts.get(7)).contains("\"hi\"");
    assertThat(javalinWithoutPorts.get(8))
        .isEqualTo("401 Bearer resource_metadata=\"" + prm + "\", scope=\"read:notes\"");
    assertThat(javalinWithoutPorts.get(9)).startsWith("405 -");
    assertThat(javalinWithoutPorts.get(10)).startsWith("400 Bearer error=\"invalid_request\"");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"javalin", "undertow", "servlet"})
  void demoStartsWhileTheAuthorizationServerIsDownAndRecoversWhenItIsBack(String adapter)
      throws Exception {
    int asPort = freePort();
    String issuer = "http://127.0.0.1:" + asPort + "/as";
    int port = freePort();
    String resource = "http://localhost:" + port + "/mcp";
    try (Demo demo =
        Demo.start(
            DemoOptions.parse(
                List.of(
                    "--port", String.valueOf(port), "--issuer", issuer, "--adapter", adapter)))) {
      assertThat(demo.devServer()).isEqualTo(Optional.empty());
      assertThat(
              step(
                  new Request.Builder()
                      .url(
                          "http://localhost:" + port + "/.well-known/oauth-protected-resource/mcp"),
                  false))
          .startsWith("200");
      String token = Tokens.valid(issuer, resource).claim("scope", "read:notes").build();
      Request.Builder notes =
          new Request.Builder()
              .url("http://localhost:" + port + "/notes")
              .header("Authorization", "Bearer " + token);
      try (Response r = http.newCall(notes.build()).execute()) {
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isNotNull();
      }
      try (FakeAuthorizationServer as = new FakeAuthorizationServer(asPort)) {
        assertThat(as.issuer()).isEqualTo(issuer);
        int status = 503;
        for (int i = 0; i < 150 && status == 503; i++) { // retried every 2 s: at most 15 s
          Thread.sleep(100);
          try (Response r = http.newCall(notes.build()).execute()) {
            status = r.code();
          }
        }
        assertThat(status).isEqualTo(200);
      }
    }
  }
}
