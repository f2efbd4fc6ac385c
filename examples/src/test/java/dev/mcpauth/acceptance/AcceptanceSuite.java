package dev.mcpauth.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Credentials;
import okhttp3.FormBody;
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
 * The same end-to-end scenarios against the notes server on each host (Javalin, Undertow, a plain
 * servlet container, Spring WebMVC and WebFlux): discovery the way MCP clients do it, step-up, the
 * HTTP-observable rows of the adversarial catalogue (security.md §3 A–G, J) and faults. Two
 * authorization servers are trusted: the demo's real one (mock-oauth2-server) and one whose keys
 * the test holds, to mint hostile tokens.
 *
 * <p>A subclass names the {@link ServerUnderTest}. On a transport with sessions (streamable HTTP),
 * every MCP request that carries a token is sent the way a client sends it: in a session that the
 * same token initialized. Decisions taken before the transport (authentication, scopes, headers)
 * must not depend on the transport, so every row runs unchanged on both kinds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AcceptanceSuite {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String PROTOCOL_VERSION = "2025-06-18";
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).followRedirects(false).build();

  /** Session id per token, on a transport with sessions (empty when initialize was refused). */
  private final Map<String, Optional<String>> sessions = new ConcurrentHashMap<>();

  FakeAuthorizationServer testIssuer;
  ServerUnderTest.Running server;
  String base;
  String resource;
  String prm;

  /** The server this suite drives. */
  abstract ServerUnderTest server();

  static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @BeforeAll
  void start() throws Exception {
    testIssuer = new FakeAuthorizationServer();
    server = server().start(freePort(), testIssuer.issuer());
    base = server.baseUrl();
    resource = base + "/mcp";
    prm = base + "/.well-known/oauth-protected-resource/mcp";
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    testIssuer.close();
  }

  // ---------------------------------------------------------------- helpers

  Response call(Request.Builder request) throws IOException {
    return http.newCall(request.build()).execute();
  }

  Request.Builder get(String path) {
    return new Request.Builder().url(path.startsWith("http") ? path : base + path);
  }

  /**
   * A POST of {@code body} to the MCP endpoint with {@code token} (none when null); on a transport
   * with sessions, in the session this token initialized (when the server let it initialize one).
   */
  Request.Builder mcp(String token, String body) throws IOException {
    Request.Builder b = post(token, body);
    if (token != null && server.sessions()) {
      Optional<String> session = sessions.get(token);
      if (session == null) {
        session = initialize(token);
        sessions.put(token, session);
      }
      session.ifPresent(
          id -> b.header("Mcp-Session-Id", id).header("MCP-Protocol-Version", PROTOCOL_VERSION));
    }
    return b;
  }

  private Request.Builder post(String token, String body) {
    Request.Builder b =
        get("/mcp")
            .header("Accept", "application/json, text/event-stream")
            .post(RequestBody.create(body, JSON));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  /**
   * Initializes an MCP session with {@code token} as a client does (initialize, then the
   * initialized notification); empty when the server refuses the token (the row then sees the same
   * refusal on its own request).
   */
  private Optional<String> initialize(String token) throws IOException {
    String id;
    try (Response r =
        call(
            post(
                token,
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\""
                    + PROTOCOL_VERSION
                    + "\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"acceptance\",\"version\":\"1\"}}}"))) {
      if (r.code() != 200) {
        return Optional.empty();
      }
      id = r.header("Mcp-Session-Id");
      assertThat(id).as("a streamable server names the session it created").isNotNull();
    }
    try (Response r =
        call(
            post(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .header("Mcp-Session-Id", id)
                .header("MCP-Protocol-Version", PROTOCOL_VERSION))) {
      assertThat(r.code()).isEqualTo(202);
    }
    return Optional.of(id);
  }

  static String toolCall(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{\"text\":\"t\"}}}";
  }

  /** A token from the test's own issuer (keys k1, ec1, ed1), VALID unless changed. */
  Tokens.Builder minted() {
    return Tokens.valid(testIssuer.issuer(), resource).claim("scope", "read:notes");
  }

  String clientCredentials(String tokenEndpoint, String scope, String forResource)
      throws IOException {
    try (Response r =
        call(
            new Request.Builder()
                .url(tokenEndpoint)
                .header("Authorization", Credentials.basic("acceptance", "secret"))
                .post(
                    new FormBody.Builder()
                        .add("grant_type", "client_credentials")
                        .add("scope", scope)
                        .add("resource", forResource)
                        .build()))) {
      assertThat(r.code()).isEqualTo(200);
      return accessToken(r.body().string());
    }
  }

  static String accessToken(String json) {
    return com.google.gson.JsonParser.parseString(json)
        .getAsJsonObject()
        .get("access_token")
        .getAsString();
  }

  static Map<String, String> challenge(Response r) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    String header = r.header("WWW-Authenticate");
    if (header == null) {
      return out;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(header);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  void assertNoCredentials(Response r, String scope) {
    assertThat(r.code()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer resource_metadata=\""
                + prm
                + "\""
                + (scope == null ? "" : ", scope=\"" + scope + "\""));
  }

  void assertInvalidToken(Response r, String description) {
    assertThat(r.code()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\""
                + description
                + "\", resource_metadata=\""
                + prm
                + "\"");
  }

  com.google.gson.JsonObject json(String url) throws IOException {
    try (Response r = call(get(url))) {
      assertThat(r.code()).isEqualTo(200);
      return com.google.gson.JsonParser.parseString(r.body().string()).getAsJsonObject();
    }
  }

  // ---------------------------------------------------------------- discovery and step-up

  @Test
  void discoveryTheWayMcpClientsDoItWithClientCredentials() throws IOException {
    String metadataUrl;
    try (Response first =
        call(mcp(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))) {
      assertThat(first.code()).isEqualTo(401);
      metadataUrl = challenge(first).get("resource_metadata");
    }
    com.google.gson.JsonObject prmDoc = json(metadataUrl);
    assertThat(prmDoc.get("resource").getAsString()).isEqualTo(resource);
    String issuer = prmDoc.getAsJsonArray("authorization_servers").get(0).getAsString();
    com.google.gson.JsonObject as = json(issuer + "/.well-known/openid-configuration");
    assertThat(as.get("issuer").getAsString()).isEqualTo(issuer);
    String token =
        clientCredentials(as.get("token_endpoint").getAsString(), "read:notes", resource);
    try (Response retry =
        call(mcp(token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))) {
      assertThat(retry.code()).isEqualTo(200);
      assertThat(retry.body().string()).contains("list_notes");
    }
  }

  @Test
  void discoveryWithAuthorizationCodeAndPkce() throws Exception {
    com.google.gson.JsonObject prmDoc = json(prm);
    String issuer = prmDoc.getAsJsonArray("authorization_servers").get(0).getAsString();
    com.google.gson.JsonObject as = json(issuer + "/.well-known/openid-configuration");
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String redirect = "http://127.0.0.1:1/callback";
    String authorize =
        as.get("authorization_endpoint").getAsString()
            + "?response_type=code&client_id=notes-app"
            + "&redirect_uri="
            + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
            + "&scope="
            + URLEncoder.encode("openid read:notes", StandardCharsets.UTF_8)
            + "&state=s1&code_challenge="
            + challenge
            + "&code_challenge_method=S256"
            + "&resource="
            + URLEncoder.encode(resource, StandardCharsets.UTF_8);
    String code;
    try (Response r = call(get(authorize))) {
      assertThat(r.code()).isEqualTo(302);
      okhttp3.HttpUrl location = okhttp3.HttpUrl.get(r.header("Location"));
      assertThat(location.queryParameter("state")).isEqualTo("s1");
      code = location.queryParameter("code");
    }
    String token;
    try (Response r =
        call(
            new Request.Builder()
                .url(as.get("token_endpoint").getAsString())
                .post(
                    new FormBody.Builder()
                        .add("grant_type", "authorization_code")
                        .add("code", code)
                        .add("redirect_uri", redirect)
                        .add("client_id", "notes-app")
                        .add("code_verifier", verifier)
                        .add("resource", resource)
                        .build()))) {
      assertThat(r.code()).isEqualTo(200);
      token = accessToken(r.body().string());
    }
    try (Response r = call(mcp(token, toolCall("whoami")))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("alice");
    }
  }

  @Test
  void stepUpFromReadToWrite() throws IOException {
    String tokenEndpoint = server.devTokenEndpoint();
    String read = clientCredentials(tokenEndpoint, "read:notes", resource);
    String scope;
    try (Response r = call(mcp(read, toolCall("create_note")))) {
      assertThat(r.code()).isEqualTo(403);
      Map<String, String> c = challenge(r);
      assertThat(c.get("error")).isEqualTo("insufficient_scope");
      assertThat(c.get("resource_metadata")).isEqualTo(prm);
      scope = c.get("scope");
      assertThat(scope).contains("write:notes");
    }
    String write = clientCredentials(tokenEndpoint, scope, resource);
    try (Response r = call(mcp(write, toolCall("create_note")))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("created note");
    }
  }

  // ---------------------------------------------------------------- A: credential transport

  @Test
  void credentialTransportRows() throws IOException {
    String valid = minted().build();
    try (Response r = call(get("/notes"))) {
      assertNoCredentials(r, "read:notes"); // A1
    }
    try (Response r = call(get("/notes").header("Authorization", "Basic dXNlcjpwYXNz"))) {
      assertNoCredentials(r, "read:notes"); // A3
    }
    for (String scheme : List.of("bearer", "BEARER", "bEaReR")) {
      try (Response r = call(get("/notes").header("Authorization", scheme + " " + valid))) {
        assertThat(r.code()).isEqualTo(200); // A4, A5
      }
    }
    try (Response r = call(get("/notes").header("Authorization", "Bearer"))) {
      assertInvalidToken(r, "The Authorization header is not a valid Bearer credential."); // A6
    }
    try (Response r =
        call(
            get("/notes")
                .addHeader("Authorization", "Bearer " + valid)
                .addHeader("Authorization", "Bearer " + valid))) {
      assertThat(r.code()).isEqualTo(400); // A12
      assertThat(challenge(r).get("error")).isEqualTo("invalid_request");
    }
    try (Response r =
        call(get("/notes").header("Authorization", "Bearer " + valid + ", Bearer " + valid))) {
      assertThat(r.code()).isEqualTo(400); // A13
    }
    try (Response r = call(get("/notes?access_token=" + valid))) {
      assertNoCredentials(r, "read:notes"); // A14
    }
    try (Response r = call(get("/notes").header("Cookie", "access_token=" + valid))) {
      assertNoCredentials(r, "read:notes"); // A18
    }
    try (Response r = call(get("/notes").header("Authorization", "Bearer " + "a".repeat(20_000)))) {
      assertThat(r.code()).isIn(400, 401, 431); // A20: refused by the container or before decoding
    }
  }

  // ---------------------------------------------------------------- B: JOSE attacks

  @Test
  void joseHeaderRows() throws Exception {
    Tokens.Builder none = minted().header("alg", "none");
    try (Response r =
        call(
            get("/notes")
                .header(
                    "Authorization",
                    "Bearer "
                        + Tokens.b64(none.headerJson())
                        + "."
                        + Tokens.b64(none.claimsJson())
                        + ".AAAA"))) {
      assertInvalidToken(r, "The token is signed with an algorithm that is not accepted."); // B1
    }
    Tokens.Builder hs = minted().header("alg", "HS256");
    String input = Tokens.b64(hs.headerJson()) + "." + Tokens.b64(hs.claimsJson());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TestKeys.K1.getPublicKey().getEncoded(), "HmacSHA256"));
    try (Response r =
        call(
            get("/notes")
                .header(
                    "Authorization",
                    "Bearer "
                        + input
                        + "."
                        + Tokens.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)))))) {
      assertInvalidToken(r, "The token is signed with an algorithm that is not accepted."); // B3
    }
    try (FakeAuthorizationServer attacker = new FakeAuthorizationServer()) {
      attacker.setJwks(TestKeys.jwks(TestKeys.ATTACKER));
      String jku = minted().header("jku", attacker.jwksUri()).signWith(TestKeys.ATTACKER).build();
      try (Response r = call(get("/notes").header("Authorization", "Bearer " + jku))) {
        assertInvalidToken(r, "The access token signature is invalid."); // B11
      }
      assertThat(attacker.totalHits()).isZero();
    }
    try (Response r =
        call(
            get("/notes")
                .header(
                    "Authorization",
                    "Bearer "
                        + minted().header("crit", List.of("foo")).header("foo", 1).build()))) {
      assertInvalidToken(r, "The token uses an unsupported JOSE header."); // B15
    }
    Tokens.Builder ec = minted().header("alg", "ES256").header("kid", "ec1");
    try (Response r =
        call(
            get("/notes")
                .header(
                    "Authorization",
                    "Bearer "
                        + Tokens.b64(ec.headerJson())
                        + "."
                        + Tokens.b64(ec.claimsJson())
                        + "."
                        + Tokens.b64(new byte[64])))) {
      assertInvalidToken(r, "The access token signature is invalid."); // B18
    }
    try (Response r =
        call(
            get("/notes")
                .header("Authorization", "Bearer " + minted().header("typ", "dpop+jwt").build()))) {
      assertInvalidToken(r, "The token is not an access token."); // B25
    }
  }

  // ---------------------------------------------------------------- C: claims

  @Test
  void claimsRows() throws IOException {
    long now = System.currentTimeMillis() / 1000;
    try (Response r =
        call(
            get("/notes")
                .header("Authorization", "Bearer " + minted().claim("exp", now - 3600).build()))) {
      assertInvalidToken(r, "The access token has expired."); // C1
    }
    try (Response r =
        call(get("/notes").header("Authorization", "Bearer " + minted().without("exp").build()))) {
      assertInvalidToken(r, "A required claim is missing or malformed."); // C4
    }
    String dup =
        Tokens.sign(
            minted().headerJson(),
            minted().claimsJson().replace("{", "{\"aud\":\"https://other\","),
            TestKeys.K1.getPrivateKey(),
            "RS256");
    try (Response r = call(get("/notes").header("Authorization", "Bearer " + dup))) {
      assertInvalidToken(r, "The access token is malformed."); // C14
    }
    try (Response r =
        call(
            get("/notes")
                .header(
                    "Authorization",
                    "Bearer " + minted().claim("cnf", Map.of("jkt", "abc")).build()))) {
      assertInvalidToken(
          r, "The access token is bound to a key and must be presented with a DPoP proof."); // C16
    }
  }

  // ---------------------------------------------------------------- D: issuer and audience

  @Test
  void issuerAndAudienceRows() throws IOException {
    try (Response r =
        call(
            get("/notes")
                .header(
                    "Authorization",
                    "Bearer " + minted().claim("iss", testIssuer.issuer() + "/").build()))) {
      assertInvalidToken(r, "The token was not issued by a trusted authorization server."); // D2
    }
    try (FakeAuthorizationServer unknown = new FakeAuthorizationServer()) {
      try (Response r =
          call(
              get("/notes")
                  .header(
                      "Authorization",
                      "Bearer "
                          + Tokens.valid(unknown.issuer(), resource)
                              .claim("scope", "read:notes")
                              .build()))) {
        assertInvalidToken(r, "The token was not issued by a trusted authorization server."); // D6
      }
      assertThat(unknown.totalHits()).isZero();
    }
    for (Object aud : List.of("https://other.test/mcp", resource + "/", base, List.of())) {
      try (Response r =
          call(
              get("/notes")
                  .header("Authorization", "Bearer " + minted().claim("aud", aud).build()))) {
        assertInvalidToken(
            r, "The access token was not issued for this resource."); // D8, D12, D13, D11
      }
    }
    try (Response r =
        call(get("/notes").header("Authorization", "Bearer " + minted().without("aud").build()))) {
      assertInvalidToken(r, "The access token was not issued for this resource."); // D9
    }
    try (Response r =
        call(
            get("/notes")
                .header(
                    "Authorization",
                    "Bearer "
                        + minted()
                            .claim("aud", List.of("https://other.test", resource))
                            .build()))) {
      assertThat(r.code()).isEqualTo(200); // D10
    }
    try (Response r =
        call(
            get("/notes")
                .header("Host", "evil.test")
                .header("X-Forwarded-Host", "evil.test")
                .header(
                    "Authorization",
                    "Bearer " + minted().claim("aud", "http://evil.test/mcp").build()))) {
      assertInvalidToken(
          r, "The access token was not issued for this resource."); // D17: config, not Host
    }
  }

  // ---------------------------------------------------------------- E: scopes

  @Test
  void scopeRows() throws IOException {
    try (Response r = call(mcp(minted().build(), toolCall("create_note")))) {
      assertThat(r.code()).isEqualTo(403); // E1
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer error=\"insufficient_scope\", "
                  + "scope=\"read:notes write:notes\", resource_metadata=\""
                  + prm
                  + "\"");
    }
    try (Response r = call(mcp(null, toolCall("create_note")))) {
      assertNoCredentials(
          r, "read:notes"); // E2: the body of an unauthenticated request is never read
    }
    try (Response r =
        call(
            mcp(null, toolCall("create_note"))
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "create_note"))) {
      assertNoCredentials(
          r, "read:notes write:notes"); // E2 with 2026-07-28 headers: the challenge names them all
    }
    try (Response r =
        call(
            mcp(
                minted().claim("scope", "read:notes write:notes-limited").build(),
                toolCall("create_note")))) {
      assertThat(r.code()).isEqualTo(403); // E4
    }
    long now = System.currentTimeMillis() / 1000;
    try (Response r =
        call(mcp(minted().claim("exp", now - 3600).build(), toolCall("create_note")))) {
      assertInvalidToken(r, "The access token has expired."); // E11
    }
    try (Response r =
        call(
            mcp(
                minted().build(),
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"},"
                    + toolCall("create_note").replace("\"id\":1", "\"id\":2")
                    + "]"))) {
      assertThat(r.code()).isEqualTo(403); // E14
    }
    try (Response r =
        call(
            mcp(minted().claim("scope", "read:notes write:notes").build(), toolCall("create_note"))
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "list_notes"))) {
      assertThat(r.code()).isEqualTo(400); // E15
      assertThat(r.body().string()).contains("-32020");
    }
  }

  // ---------------------------------------------------------------- MCP scopes beyond tools/call

  static String readResource(String uri) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\""
        + uri
        + "\"}}";
  }

  static String getPrompt(String name) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\""
        + name
        + "\",\"arguments\":{\"topic\":\"tea\"}}}";
  }

  @Test
  void resourceAndPromptScopeRows() throws IOException {
    try (Response r = call(mcp(minted().build(), readResource("notes://1")))) {
      assertThat(r.code()).isEqualTo(200); // notes://{id} needs read:notes
      assertThat(r.body().string()).contains("Welcome to MCP Auth for Java.");
    }
    try (Response r =
        call(mcp(minted().claim("scope", "write:notes").build(), readResource("notes://1")))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(challenge(r).get("scope")).isEqualTo("read:notes");
    }
    try (Response r = call(mcp(minted().build(), getPrompt("draft_note")))) {
      assertThat(r.code()).isEqualTo(403); // draft_note needs write:notes: one step-up challenge
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer error=\"insufficient_scope\", "
                  + "scope=\"read:notes write:notes\", resource_metadata=\""
                  + prm
                  + "\"");
    }
    try (Response r =
        call(
            mcp(
                minted().claim("scope", "read:notes write:notes").build(),
                getPrompt("draft_note")))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("create_note");
    }
    try (Response r =
        call(
            mcp(null, getPrompt("draft_note"))
                .header("Mcp-Method", "prompts/get")
                .header("Mcp-Name", "draft_note"))) {
      assertNoCredentials(r, "read:notes write:notes"); // the 2026-07-28 headers name the prompt
    }
  }

  // ---------------------------------------------------------------- F: metadata

  @Test
  void metadataRows() throws IOException {
    try (Response r =
        call(
            get("/.well-known/oauth-protected-resource/mcp")
                .header("Origin", "https://app.test")
                .header("Host", "evil.test")
                .header("X-Forwarded-Host", "evil.test")
                .header("Authorization", "Bearer garbage"))) {
      assertThat(r.code()).isEqualTo(200); // F1, F3, F6, F8
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(r.header("Cache-Control")).contains("max-age="); // F13
      String body = r.body().string();
      com.google.gson.JsonObject doc =
          com.google.gson.JsonParser.parseString(body).getAsJsonObject();
      assertThat(doc.get("resource").getAsString()).isEqualTo(resource); // F2
      assertThat(doc.getAsJsonArray("authorization_servers")).hasSize(2);
      assertThat(body)
          .doesNotContain("[]")
          .doesNotContain("null")
          .doesNotContain("offline_access"); // F9, E12
      assertThat(doc.getAsJsonArray("bearer_methods_supported").toString())
          .isEqualTo("[\"header\"]"); // F11
    }
    try (Response r = call(get("/.well-known/oauth-protected-resource/evil"))) {
      assertThat(r.code()).isEqualTo(404); // F5
    }
    try (Response r =
        call(
            get("/.well-known/oauth-protected-resource/mcp")
                .post(RequestBody.create(new byte[0])))) {
      assertThat(r.code()).isEqualTo(405); // F7
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }
    try (Response r =
        call(
            get("/.well-known/oauth-protected-resource/mcp")
                .method("OPTIONS", null)
                .header("Origin", "https://app.test")
                .header("Access-Control-Request-Method", "GET"))) {
      assertThat(r.code()).isEqualTo(204); // F7
    }
    try (Response r = call(get("/.well-known/oauth-protected-resource/mcp").head())) {
      assertThat(r.code()).isEqualTo(200); // F7
    }
    try (Response r = call(get("/notes"))) {
      assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo("WWW-Authenticate"); // F12
    }
  }

  // ---------------------------------------------------------------- G: keys, and J: MCP behaviour

  @Test
  void keysWarmCacheOutageAndRotation() throws Exception {
    try (Response r = call(get("/notes").header("Authorization", "Bearer " + minted().build()))) {
      assertThat(r.code()).isEqualTo(200);
    }
    testIssuer.respond(path -> new mockwebserver3.MockResponse.Builder().code(500).build());
    try (Response r = call(get("/notes").header("Authorization", "Bearer " + minted().build()))) {
      assertThat(r.code()).isEqualTo(200); // G2: warm cache survives the outage
    }
    testIssuer.setJwks(TestKeys.jwks(TestKeys.K1, TestKeys.K2));
    testIssuer.serveNormally();
    Thread.sleep(1100); // past the one-second refetch cool-down
    try (Response r =
        call(
            get("/notes")
                .header(
                    "Authorization",
                    "Bearer " + minted().header("kid", "k2").signWith(TestKeys.K2).build()))) {
      assertThat(r.code()).isEqualTo(200); // G4: rotation picked up on the unknown kid
    }
  }

  @Test
  void sessionRows() throws IOException {
    String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    String alice = minted().build();
    try (Response r = call(post(alice, list).header("Mcp-Session-Id", "made-up"))) {
      assertThat(r.code()).isEqualTo(404); // an unknown session, on any transport
    }
    // A stateless transport creates no session, so there is none to take over.
    Assumptions.assumeTrue(server.sessions(), "the transport keeps no sessions");
    String session = initialize(alice).orElseThrow();
    String mallory = minted().claim("sub", "mallory").build();
    try (Response r =
        call(
            post(mallory, list)
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", PROTOCOL_VERSION))) {
      assertThat(r.code()).isEqualTo(403); // another caller's session
    }
    try (Response r =
        call(
            post(alice, list)
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", PROTOCOL_VERSION))) {
      assertThat(r.code()).isEqualTo(200); // its creator, with another token of the same caller
      assertThat(r.body().string()).contains("list_notes");
    }
  }

  @Test
  void mcpEndpointRows() throws IOException {
    try (Response r = call(mcp(null, "{this is not json"))) {
      assertNoCredentials(r, "read:notes"); // J1: authentication before protocol
    }
    for (String method : List.of("GET", "DELETE")) {
      try (Response r = call(get("/mcp").method(method, null))) {
        assertNoCredentials(r, "read:notes"); // J2
      }
    }
    try (Response r = call(mcp(minted().build(), toolCall("whoami")))) {
      assertThat(r.code()).isEqualTo(200); // J10: the positive control
      assertThat(r.body().string()).contains("alice").contains(testIssuer.issuer());
    }
  }
}
