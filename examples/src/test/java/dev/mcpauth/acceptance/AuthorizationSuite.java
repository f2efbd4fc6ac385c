package dev.mcpauth.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Authorization beyond static scopes (issue 27), the same on every host of the notes server
 * (Javalin, Undertow, a plain servlet container, Spring WebMVC and WebFlux), over real HTTP: the
 * demo contract's scopes that depend on the note asked for ({@code read_note}, {@code notes://2}),
 * RFC 9470 step-up authentication ({@code purge_notes}), a claim rule ({@code audit_log}), a
 * step-up asked for by a tool mid-call ({@code export_notes}), and {@code --allowed-client}.
 *
 * <p>The server trusts the suite's own issuer besides its development one and accepts tokens of the
 * clients {@value #CLIENT} (the suite's tokens) and {@value #DEV_CLIENT} (what the suite sends to
 * the development authorization server) only. On a transport with sessions, each token initializes
 * its own session first, as a client does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthorizationSuite {
  static final String CLIENT = "client-1";
  static final String DEV_CLIENT = "acceptance";
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String PRIVATE_NOTE = "Private: the launch date is not public yet.";
  private static final String FIRST_NOTE = "Welcome to MCP Auth for Java.";

  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).followRedirects(false).build();
  private McpSessionClient client;
  private FakeAuthorizationServer testIssuer;
  private ServerUnderTest.Running server;
  private String resource;

  /** The server this suite drives, started with these extra command-line arguments. */
  abstract ServerUnderTest server(List<String> extraArguments);

  @BeforeAll
  void start() throws Exception {
    testIssuer = new FakeAuthorizationServer();
    server =
        server(List.of("--allowed-client", CLIENT, "--allowed-client", DEV_CLIENT))
            .start(AcceptanceSuite.freePort(), testIssuer.issuer());
    resource = server.baseUrl() + "/mcp";
    client = new McpSessionClient(http, resource, server.sessions());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    testIssuer.close();
  }

  // ---------------------------------------------------------------- the demo contract

  @Test
  void readNoteNeedsThePrivateScopeOnlyForAPrivateNote() throws IOException {
    String reader = token("read:notes");
    try (Response r = mcp(reader, toolCall("read_note", "{\"id\":1}"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains(FIRST_NOTE);
    }
    for (String id : List.of("2", "2.0", "\"2\"")) {
      try (Response r = mcp(reader, toolCall("read_note", "{\"id\":" + id + "}"))) {
        assertThat(r.code()).as("read_note id " + id).isEqualTo(403);
        Map<String, String> c = challenge(r);
        assertThat(c.get("error")).isEqualTo("insufficient_scope");
        assertThat(c.get("scope")).isEqualTo("read:notes read:private-notes");
        assertThat(r.body().string()).doesNotContain(PRIVATE_NOTE);
      }
    }
    for (String id : List.of("\" 2\"", "\"2.0\"", "2.5", "\"2x\"", "4294967298", "[2]")) {
      try (Response r = mcp(reader, toolCall("read_note", "{\"id\":" + id + "}"))) {
        assertThat(r.code()).as("read_note id " + id).isEqualTo(200);
        assertThat(r.body().string()).doesNotContain(PRIVATE_NOTE);
      }
    }
    try (Response r =
        mcp(token("read:notes read:private-notes"), toolCall("read_note", "{\"id\":2}"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains(PRIVATE_NOTE);
    }
  }

  @Test
  void readingThePrivateNoteResourceNeedsTheSameScopes() throws IOException {
    String reader = token("read:notes");
    try (Response r = mcp(reader, read("notes://1"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains(FIRST_NOTE);
    }
    for (String uri : List.of("notes://2", "notes://02", "notes://+2")) {
      try (Response r = mcp(reader, read(uri))) {
        assertThat(r.code()).as(uri).isEqualTo(403);
        assertThat(challenge(r).get("scope")).isEqualTo("read:notes read:private-notes");
      }
    }
    // URIs that name no note need nothing more, and read nothing: the rule and the handler parse
    // the number the same way
    for (String uri : List.of("notes://2?x=1", "notes://2#x", "notes://99", "notes://%32")) {
      try (Response r = mcp(reader, read(uri))) {
        assertThat(r.code()).as(uri).isEqualTo(200);
        assertThat(r.body().string()).contains("\"error\"").doesNotContain(PRIVATE_NOTE);
      }
    }
    try (Response r = mcp(token("read:notes read:private-notes"), read("notes://2"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains(PRIVATE_NOTE);
    }
  }

  @Test
  void purgeNeedsARecentMultiFactorSignIn() throws IOException {
    long now = System.currentTimeMillis() / 1000;
    String plain = token("read:notes write:notes");
    String stale =
        minted("read:notes write:notes").claim("acr", "mfa").claim("auth_time", now - 600).build();
    String weak =
        minted("read:notes write:notes").claim("acr", "pwd").claim("auth_time", now).build();
    for (String t : List.of(plain, stale, weak)) {
      try (Response r = mcp(t, toolCall("purge_notes", "{}"))) {
        assertThat(r.code()).isEqualTo(401);
        Map<String, String> c = challenge(r);
        assertThat(c.get("error")).isEqualTo("insufficient_user_authentication");
        assertThat(c.get("acr_values")).isEqualTo("mfa");
        assertThat(c.get("max_age")).isEqualTo("300");
        assertThat(c).containsKey("resource_metadata");
      }
    }
    String fresh =
        minted("read:notes write:notes").claim("acr", "mfa").claim("auth_time", now - 5).build();
    try (Response r = mcp(fresh, toolCall("purge_notes", "{}"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("purged");
    }
    try (Response r =
        mcp(
            minted("read:notes").claim("acr", "mfa").claim("auth_time", now).build(),
            toolCall("purge_notes", "{}"))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(challenge(r).get("scope")).contains("write:notes");
    }
  }

  @Test
  void theAuditLogNeedsTheAdminRoleAndItsRefusalNamesNoScope() throws IOException {
    for (Object roles : List.of(List.of("reader"), "notes-admins", List.of())) {
      try (Response r =
          mcp(minted("read:notes").claim("roles", roles).build(), toolCall("audit_log", "{}"))) {
        assertThat(r.code()).isEqualTo(403);
        assertThat(r.header("WWW-Authenticate")).doesNotContain("scope=");
        assertThat(r.body().string()).contains("notes-admin").doesNotContain("Exception");
      }
    }
    try (Response r = mcp(token("read:notes"), toolCall("audit_log", "{}"))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.header("WWW-Authenticate")).doesNotContain("scope=");
    }
    try (Response r =
        mcp(
            minted("read:notes").claim("roles", List.of("notes-admin")).build(),
            toolCall("audit_log", "{}"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("tool");
    }
  }

  @Test
  void aToolAsksForAStepUpMidCallAndGetsTheSameChallenge() throws IOException {
    try (Response r = mcp(token("read:notes"), toolCall("export_notes", "{}"))) {
      assertThat(r.code()).isEqualTo(403);
      Map<String, String> c = challenge(r);
      assertThat(c.get("error")).isEqualTo("insufficient_scope");
      assertThat(c.get("scope")).isEqualTo("read:notes read:private-notes");
      assertThat(r.body().string()).doesNotContain(PRIVATE_NOTE);
    }
    try (Response r = mcp(token("read:notes read:private-notes"), toolCall("export_notes", "{}"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains(PRIVATE_NOTE).contains(FIRST_NOTE);
    }
  }

  @Test
  void tokensOfOtherClientsAreRefused() throws IOException {
    for (String client : List.of("intruder", "client-10", "https://evil.example/client.json")) {
      String other = minted("read:notes").claim("client_id", client).build();
      try (Response r = post(other, toolCall("list_notes", "{}"))) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(challenge(r).get("error")).isEqualTo("invalid_token");
      }
    }
    String viaAzp = minted("read:notes").without("client_id").claim("azp", CLIENT).build();
    try (Response r = mcp(viaAzp, toolCall("list_notes", "{}"))) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void theDevelopmentAuthorizationServersTokensGoThroughTheSameRules() throws IOException {
    String dev = clientCredentials("read:notes");
    try (Response r = mcp(dev, toolCall("read_note", "{\"id\":2}"))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(challenge(r).get("scope")).isEqualTo("read:notes read:private-notes");
    }
    try (Response r = mcp(clientCredentials("read:notes read:private-notes"), read("notes://2"))) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r =
        mcp(clientCredentials("read:notes write:notes"), toolCall("purge_notes", "{}"))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(challenge(r).get("acr_values")).isEqualTo("mfa");
    }
    String mfa = clientCredentials("read:notes write:notes", "acr_values", "mfa");
    try (Response r = mcp(mfa, toolCall("purge_notes", "{}"))) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r = mcp(dev, toolCall("audit_log", "{}"))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.header("WWW-Authenticate")).doesNotContain("scope=");
    }
    String admin = clientCredentials("read:notes", "roles", "notes-admin");
    try (Response r = mcp(admin, toolCall("audit_log", "{}"))) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  // ---------------------------------------------------------------- helpers

  private Tokens.Builder minted(String scope) {
    return Tokens.valid(testIssuer.issuer(), resource).claim("scope", scope);
  }

  private String token(String scope) {
    return minted(scope).build();
  }

  private String clientCredentials(String scope, String... extraParameters) throws IOException {
    okhttp3.FormBody.Builder form =
        new okhttp3.FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("scope", scope)
            .add("resource", resource);
    for (int i = 0; i < extraParameters.length; i += 2) {
      form.add(extraParameters[i], extraParameters[i + 1]);
    }
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(server.devTokenEndpoint())
                    .header("Authorization", okhttp3.Credentials.basic(DEV_CLIENT, "secret"))
                    .post(form.build())
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
      return JsonParser.parseString(r.body().string())
          .getAsJsonObject()
          .get("access_token")
          .getAsString();
    }
  }

  static String toolCall(String tool, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + arguments
        + "}}";
  }

  static String read(String uri) {
    return "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":{\"uri\":\""
        + uri
        + "\"}}";
  }

  private Response post(String token, String body) throws IOException {
    return http.newCall(client.post(token, body).build()).execute();
  }

  /** A POST in the session this token initialized, on a transport with sessions. */
  private Response mcp(String token, String body) throws IOException {
    return client.mcp(token, body);
  }

  /** The parameters of the {@code WWW-Authenticate} challenge carrying the error. */
  static Map<String, String> challenge(Response r) {
    Map<String, String> out = new LinkedHashMap<>();
    String header = r.header("WWW-Authenticate");
    if (header == null) {
      return out;
    }
    Matcher m = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(header);
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2));
    }
    return out;
  }

  static JsonObject json(String body) {
    return JsonParser.parseString(body).getAsJsonObject();
  }
}
