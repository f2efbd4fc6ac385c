package dev.mcpauth.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Advisories published against other MCP implementations, as regression tests on every host of the
 * notes server (issue 26 §4): JSON member tricks between the gate's scan and the SDK's parser, two
 * callers reusing one JSON-RPC id at once, long adversarial resource URIs, requests of every shape
 * without a token, tool-name aliasing, and the development authorization server's binding. Each
 * test names the advisory's class of bug; none of them may reach a handler the token does not
 * allow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdvisoriesSuite {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).followRedirects(false).build();
  private McpSessionClient client;
  private FakeAuthorizationServer testIssuer;
  private ServerUnderTest.Running server;
  private String resource;

  /** The server this suite drives. */
  abstract ServerUnderTest server();

  @BeforeAll
  void start() throws Exception {
    testIssuer = new FakeAuthorizationServer();
    server = server().start(AcceptanceSuite.freePort(), testIssuer.issuer());
    resource = server.baseUrl() + "/mcp";
    client = new McpSessionClient(http, resource, server.sessions());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    testIssuer.close();
  }

  private String token(String subject, String scope) {
    return Tokens.valid(testIssuer.issuer(), resource)
        .claim("sub", subject)
        .claim("scope", scope)
        .build();
  }

  @Test
  void jsonMemberTricksNeverReachAToolTheTokenDoesNotAllow() throws IOException {
    String reader = token("alice", "read:notes");
    int before = publicNoteCount(reader);
    List<String> tricks =
        List.of(
            // case variants: Jackson is case-sensitive, the gate too; a folding parser would differ
            "{\"name\":\"list_notes\",\"Name\":\"create_note\",\"arguments\":{\"text\":\"x\"}}",
            "{\"name\":\"list_notes\",\"NAME\":\"create_note\",\"arguments\":{\"text\":\"x\"}}",
            // Unicode case folding: long s (U+017F) and the Kelvin sign (U+212A)
            "{\"name\":\"list_notes\",\"na\\u017Fme\":\"create_note\",\"arguments\":{\"text\":\"x\"}}",
            "{\"name\":\"list_notes\",\"\\u212Aey\":\"create_note\",\"arguments\":{\"text\":\"x\"}}",
            // NUL-suffixed and escaped keys
            "{\"name\":\"list_notes\",\"name\\u0000\":\"create_note\",\"arguments\":{\"text\":\"x\"}}",
            "{\"name\":\"list_notes\",\"n\\u0061me\":\"create_note\",\"arguments\":{\"text\":\"x\"}}",
            // duplicates
            "{\"name\":\"list_notes\",\"name\":\"create_note\",\"arguments\":{\"text\":\"x\"}}",
            "{\"name\":\"create_note\",\"name\":\"list_notes\",\"arguments\":{\"text\":\"x\"}}");
    for (String params : tricks) {
      for (String methodKey : List.of("method", "METHOD")) {
        String body =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\""
                + methodKey
                + "2\":\"x\",\"params\":"
                + params
                + "}";
        try (Response r = mcp(reader, body)) {
          String answer = r.body().string();
          assertThat(answer).as(params).doesNotContain("created note");
          assertThat(r.code()).as(params).isIn(200, 400, 403);
        }
      }
    }
    String upperMethod =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"METHOD\":\"tools/call\","
            + "\"params\":{\"name\":\"create_note\",\"arguments\":{\"text\":\"x\"}}}";
    try (Response r = mcp(reader, upperMethod)) {
      assertThat(r.body().string()).doesNotContain("created note");
    }
    assertThat(publicNoteCount(reader)).as("no trick created a note").isEqualTo(before);
  }

  @Test
  void toolNameAliasesReachNoToolTheTokenDoesNotAllow() throws IOException {
    String reader = token("alice", "read:notes");
    int before = publicNoteCount(reader);
    for (String alias :
        List.of(
            "CREATE_NOTE",
            "Create_Note",
            "createNote",
            "create-note",
            "create_note ",
            " create_note",
            "create_note\\u0000",
            "create_not\\u0065",
            "notes.create_note",
            "create_note/..")) {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
              + alias
              + "\",\"arguments\":{\"text\":\"x\"}}}";
      try (Response r = mcp(reader, body)) {
        assertThat(r.body().string()).as(alias).doesNotContain("created note");
      }
    }
    assertThat(publicNoteCount(reader)).isEqualTo(before);
  }

  @Test
  void twoCallersReusingOneJsonRpcIdEachGetTheirOwnAnswer() throws Exception {
    Map<String, String> tokens =
        Map.of("alice", token("alice", "read:notes"), "bob", token("bob", "read:notes"));
    String whoami =
        "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}";
    tokens.values().forEach(client::session);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Void>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String who = i % 2 == 0 ? "alice" : "bob";
        calls.add(
            () -> {
              try (Response r = mcp(tokens.get(who), whoami)) {
                String answer = r.body().string();
                assertThat(r.code()).isEqualTo(200);
                assertThat(answer).contains("\\\"subject\\\":\\\"" + who + "\\\"");
                assertThat(answer).doesNotContain(who.equals("alice") ? "bob" : "alice");
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void longAdversarialResourceUrisAreAnsweredPromptly() throws IOException {
    String reader = token("alice", "read:notes");
    // a URI a backtracking template matcher chokes on: many almost-matches of notes://{id}
    String uri = "notes://" + "1".repeat(200_000) + "/";
    for (String candidate :
        List.of(uri, "notes://" + "/x".repeat(50_000), "notes://" + "{".repeat(100_000))) {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\""
              + candidate
              + "\"}}";
      try (Response r = mcp(reader, body)) {
        // the read timeout (20 s) is the bound: an exponential matcher would not answer at all
        assertThat(r.code()).isIn(200, 400, 403, 404, 413);
        assertThat(r.body().string()).doesNotContain("Private:");
      }
    }
  }

  @Test
  void everyRequestShapeNeedsAToken() throws IOException {
    List<Request.Builder> shapes = new ArrayList<>();
    shapes.add(new Request.Builder().url(resource).get());
    shapes.add(new Request.Builder().url(resource).get().header("Accept", "text/event-stream"));
    shapes.add(new Request.Builder().url(resource).delete());
    shapes.add(new Request.Builder().url(resource).put(RequestBody.create("{}", JSON)));
    shapes.add(new Request.Builder().url(resource).patch(RequestBody.create("{}", JSON)));
    shapes.add(new Request.Builder().url(resource).post(RequestBody.create("", JSON)));
    shapes.add(new Request.Builder().url(resource).post(RequestBody.create("not json", JSON)));
    shapes.add(
        new Request.Builder()
            .url(resource)
            .post(RequestBody.create("a=1", MediaType.get("application/x-www-form-urlencoded"))));
    shapes.add(
        new Request.Builder()
            .url(resource)
            .post(RequestBody.create("hello", MediaType.get("text/plain"))));
    shapes.add(
        new Request.Builder()
            .url(resource)
            .post(
                RequestBody.create(
                    "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]", JSON)));
    shapes.add(
        new Request.Builder()
            .url(resource)
            .post(RequestBody.create("{\"jsonrpc\":\"2.0\"}", JSON)));
    shapes.add(new Request.Builder().url(resource + "?sessionId=x").get());
    for (Request.Builder shape : shapes) {
      Request request = shape.header("Accept", "application/json, text/event-stream").build();
      try (Response r = http.newCall(request).execute()) {
        assertThat(r.code()).as(request.method() + " " + request.body()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer ");
      }
    }
  }

  @Test
  void aHeaderMismatchDoesNotPoisonTheNextRequestOfTheSameCaller() throws IOException {
    String reader = token("carol", "read:notes");
    String list = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}";
    for (int round = 0; round < 3; round++) {
      Request.Builder mismatched =
          client.inSession(reader, post(reader, list).header("Mcp-Method", "tools/call"));
      try (Response r = http.newCall(mismatched.build()).execute()) {
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.body().string()).contains("-32020");
      }
      try (Response r = mcp(reader, list)) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("list_notes");
      }
    }
  }

  @Test
  void aBrowserClientOfAnAllowedOriginCanReadEveryAnswerAndOthersNone() throws IOException {
    String origin = server.baseUrl(); // the resource's own origin is always allowed
    String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(resource)
                    .header("Origin", origin)
                    .post(RequestBody.create(list, JSON))
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(r.header("Access-Control-Expose-Headers")).contains("WWW-Authenticate");
    }
    String reader = token("dave", "read:notes");
    Request.Builder allowed = post(reader, list).header("Origin", origin);
    Request.Builder stepUp =
        post(
                reader,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"export_notes\",\"arguments\":{}}}")
            .header("Origin", origin);
    client.inSession(reader, allowed);
    client.inSession(reader, stepUp);
    try (Response r = http.newCall(allowed.build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(r.header("Access-Control-Expose-Headers")).contains("Mcp-Session-Id");
    }
    try (Response r = http.newCall(stepUp.build()).execute()) {
      assertThat(r.code()).as("the mid-call step-up").isEqualTo(403);
      assertThat(r.header("WWW-Authenticate")).contains("read:private-notes");
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
    try (Response r =
        http.newCall(post(reader, list).header("Origin", "https://evil.test").build()).execute()) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }
  }

  @Test
  void theChallengeNamesTheConfiguredResourceWhateverTheHostHeaders() throws IOException {
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(resource)
                    .header("Host", "evil.test")
                    .header("X-Forwarded-Host", "evil.test")
                    .header("X-Forwarded-Proto", "https")
                    .header("Forwarded", "host=evil.test;proto=https")
                    .post(
                        RequestBody.create(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", JSON))
                    .build())
            .execute()) {
      assertThat(r.code()).isIn(401, 403);
      if (r.code() == 401) {
        assertThat(r.header("WWW-Authenticate"))
            .contains(
                "resource_metadata=\""
                    + server.baseUrl()
                    + "/.well-known/oauth-protected-resource/mcp\"")
            .doesNotContain("evil");
      }
    }
  }

  @Test
  void theDevelopmentAuthorizationServerListensOnLoopbackOnly() throws Exception {
    URI token = URI.create(server.devTokenEndpoint());
    int port = token.getPort();
    Optional<InetAddress> outside =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .filter(this::isUp)
            .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
            .filter(a -> !a.isLoopbackAddress() && a instanceof Inet4Address)
            .findFirst();
    Assumptions.assumeTrue(outside.isPresent(), "this machine has no non-loopback address");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(outside.get(), port), 2000);
      throw new AssertionError(
          "the development authorization server accepted a connection on " + outside.get());
    } catch (ConnectException expected) {
      // refused: nothing listens there
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2000);
    }
  }

  private boolean isUp(NetworkInterface n) {
    try {
      return n.isUp();
    } catch (java.net.SocketException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- helpers

  private int publicNoteCount(String token) throws IOException {
    try (Response r =
        mcp(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"list_notes\",\"arguments\":{}}}")) {
      String body = r.body().string();
      assertThat(r.code()).as(body).isEqualTo(200);
      String json =
          body.contains("data:")
              ? body.substring(body.indexOf('{', body.indexOf("data:"))).trim()
              : body;
      String text =
          JsonParser.parseString(json)
              .getAsJsonObject()
              .getAsJsonObject("result")
              .getAsJsonArray("content")
              .get(0)
              .getAsJsonObject()
              .get("text")
              .getAsString();
      return JsonParser.parseString(text).getAsJsonObject().getAsJsonArray("notes").size();
    }
  }

  /**
   * Issue 26 §3: a list result may be filtered for its caller (tool hiding), so no forwarded answer
   * may be stored by a shared cache; and the gate refuses a protocol version the SDK behind it
   * cannot speak, naming the ones it can.
   */
  @Test
  void forwardedAnswersAreNeverSharedCacheableAndAVersionTheSdkCannotSpeakIs400()
      throws IOException {
    String reader = token("alice", "read:notes");
    String list = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}";
    try (Response r = mcp(reader, list)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.headers("Cache-Control")).hasSize(1);
      List<String> directives = List.of(r.header("Cache-Control").toLowerCase().split(",\\s*"));
      assertThat(directives).containsAnyOf("private", "no-store").doesNotContain("public");
    }
    Request.Builder newer =
        post(reader, list)
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "tools/list");
    client.session(reader).ifPresent(id -> newer.header("Mcp-Session-Id", id));
    try (Response r = http.newCall(newer.build()).execute()) {
      assertThat(r.code()).isEqualTo(400);
      String body = r.body().string();
      assertThat(body).contains("\"code\":-32022").contains("\"2025-11-25\"");
      assertThat(body)
          .doesNotContain(
              "\"supported\":[\"2024-11-05\",\"2025-03-26\",\"2025-06-18\",\"2025-11-25\",\"2026-07-28\"]");
    }
  }

  private Request.Builder post(String token, String body) {
    return client.post(token, body);
  }

  private Response mcp(String token, String body) throws IOException {
    return client.mcp(token, body);
  }
}
