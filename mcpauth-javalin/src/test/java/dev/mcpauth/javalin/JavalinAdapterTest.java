package dev.mcpauth.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.McpAuth;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import io.javalin.Javalin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real Javalin on a loopback port, a real HTTP client, a real JWKS over HTTP. */
class JavalinAdapterTest {
  private static final String NOTES = "http://127.0.0.1:3999/notes";
  private static final String TODOS = "http://127.0.0.1:3999/todos";
  private static final String PRM =
      "http://127.0.0.1:3999/.well-known/oauth-protected-resource/notes";

  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();
  private FakeAuthorizationServer as;
  private McpAuth mcpAuth;
  private Javalin app;
  private String base;

  @BeforeEach
  void start() {
    as = new FakeAuthorizationServer();
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(NOTES)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                    .scopesSupported("read:notes", "write:notes")
                    .build())
            .protectedResource(
                ResourceServerConfig.builder(TODOS)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                    .tokenPolicy(
                        TokenPolicy.builder().dpop(DpopSettings.builder().nonces().build()).build())
                    .build())
            .serveLegacyAuthorizationServerMetadata(as.issuer())
            .build();
    BearerAuth readNotes = mcpAuth.bearerAuthFor(NOTES, "read:notes");
    BearerAuth writeNotes = mcpAuth.bearerAuthFor(NOTES, "read:notes", "write:notes");
    BearerAuth todos = mcpAuth.bearerAuthFor(TODOS);
    BearerAuth bound = mcpAuth.bearerAuthFor(TODOS);
    app =
        Javalin.create(
                config -> {
                  config.jetty.host = "127.0.0.1";
                  config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth));
                  config.routes.before("/notes", JavalinMcpAuth.bearerAuth(readNotes));
                  config.routes.get(
                      "/notes",
                      ctx ->
                          ctx.result(
                              "notes of "
                                  + JavalinMcpAuth.authInfo(ctx)
                                      .orElseThrow()
                                      .subject()
                                      .orElse("?")));
                  config.routes.post(
                      "/notes",
                      JavalinMcpAuth.protect(writeNotes, ctx -> ctx.status(201).result("created")));
                  config.routes.get(
                      "/todos", JavalinMcpAuth.protect(todos, ctx -> ctx.result("todos")));
                  config.routes.get("/public", ctx -> ctx.result("public"));
                  config.routes.post(
                      "/todos", JavalinMcpAuth.protect(bound, ctx -> ctx.result("bound todo")));
                })
            .start(0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
    mcpAuth.close();
    as.close();
  }

  private Response call(Request.Builder request) throws IOException {
    return http.newCall(request.build()).execute();
  }

  private Request.Builder get(String path) {
    return new Request.Builder().url(base + path);
  }

  private String token(String resource, String scope) {
    return Tokens.valid(as.issuer(), resource).claim("scope", scope).build();
  }

  @Test
  void metadataIsServedWithCorsAndCaching() throws IOException {
    try (Response r =
        call(
            get("/.well-known/oauth-protected-resource/notes")
                .header("Origin", "https://app.test"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=3600");
      assertThat(r.body().string())
          .isEqualTo(
              "{\"resource\":\""
                  + NOTES
                  + "\",\"authorization_servers\":[\""
                  + as.issuer()
                  + "\"],\"scopes_supported\":[\"read:notes\",\"write:notes\"],"
                  + "\"bearer_methods_supported\":[\"header\"]}");
    }
    try (Response r = call(get("/.well-known/oauth-protected-resource/todos"))) {
      assertThat(r.body().string()).contains("\"resource\":\"" + TODOS + "\"");
    }
  }

  @Test
  void metadataAnswersHeadOptionsAnd405() throws IOException {
    String path = "/.well-known/oauth-protected-resource/notes";
    try (Response r = call(get(path).head())) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().bytes()).isEmpty();
    }
    try (Response r =
        call(
            get(path)
                .method("OPTIONS", null)
                .header("Origin", "https://app.test")
                .header("Access-Control-Request-Method", "GET"))) {
      assertThat(r.code()).isEqualTo(204);
      assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, OPTIONS");
    }
    try (Response r = call(get(path).post(RequestBody.create(new byte[0])))) {
      assertThat(r.code()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }
    try (Response r = call(get("/.well-known/oauth-protected-resource/evil"))) {
      assertThat(r.code()).isEqualTo(404);
    }
  }

  @Test
  void noTokenIs401WithTheExactChallengeAndTheRouteDoesNotRun() throws IOException {
    try (Response r = call(get("/notes"))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo("Bearer resource_metadata=\"" + PRM + "\", scope=\"read:notes\"");
      assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo("WWW-Authenticate");
      String body = r.body().string();
      assertThat(body).doesNotContain("notes of");
      assertThat(body).contains("\"error\":\"unauthorized\"");
    }
  }

  @Test
  void invalidTokenIs401InvalidToken() throws IOException {
    try (Response r =
        call(get("/notes").header("Authorization", "Bearer " + token(TODOS, "read:notes")))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer error=\"invalid_token\", "
                  + "error_description=\"The access token was not issued for this resource.\", resource_metadata=\""
                  + PRM
                  + "\"");
    }
  }

  @Test
  void twoAuthorizationHeadersAre400() throws IOException {
    String t = token(NOTES, "read:notes");
    try (Response r =
        call(
            get("/notes")
                .addHeader("Authorization", "Bearer " + t)
                .addHeader("Authorization", "Bearer " + t))) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_request\"");
    }
  }

  @Test
  void missingScopeIs403AndTheHandlerSeesTheCallerOtherwise() throws IOException {
    try (Response r =
        call(
            get("/notes")
                .post(RequestBody.create(new byte[0]))
                .header("Authorization", "Bearer " + token(NOTES, "read:notes")))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer error=\"insufficient_scope\", "
                  + "scope=\"read:notes write:notes\", resource_metadata=\""
                  + PRM
                  + "\"");
    }
    try (Response r =
        call(
            get("/notes")
                .post(RequestBody.create(new byte[0]))
                .header("Authorization", "Bearer " + token(NOTES, "read:notes write:notes")))) {
      assertThat(r.code()).isEqualTo(201);
    }
    try (Response r =
        call(get("/notes").header("Authorization", "Bearer " + token(NOTES, "read:notes")))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo("notes of alice");
    }
  }

  @Test
  void eachResourceAcceptsOnlyItsOwnTokens() throws IOException {
    try (Response r = call(get("/todos").header("Authorization", "Bearer " + token(TODOS, "")))) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r =
        call(get("/todos").header("Authorization", "Bearer " + token(NOTES, "read:notes")))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate"))
          .contains(
              "resource_metadata=\"http://127.0.0.1:3999/.well-known/oauth-protected-resource/todos\"");
    }
  }

  @Test
  void keysUnreachableIs503WithRetryAfter() throws IOException {
    as.respond(path -> new mockwebserver3.MockResponse.Builder().code(500).build());
    try (Response r =
        call(get("/notes").header("Authorization", "Bearer " + token(NOTES, "read:notes")))) {
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isNotNull();
      assertThat(r.header("WWW-Authenticate")).isNull();
    }
  }

  @Test
  void slowAuthorizationServerCostsOneFetchAndDoesNotStallOtherRoutes() throws Exception {
    CountDownLatch requested = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    as.respond(
        path -> {
          requested.countDown();
          try {
            release.await(20, TimeUnit.SECONDS); // the key fetch hangs until the test lets it go
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return FakeAuthorizationServer.json(200, TestKeys.jwks(TestKeys.K1));
        });
    String t = token(NOTES, "read:notes");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(
            () -> {
              try (Response r = call(get("/notes").header("Authorization", "Bearer " + t))) {
                return r.code();
              }
            });
      }
      List<Future<Integer>> results = new ArrayList<>();
      for (Callable<Integer> c : calls) {
        results.add(pool.submit(c));
      }
      assertThat(requested.await(20, TimeUnit.SECONDS))
          .isTrue(); // the protected requests wait for it now
      try (Response r = call(get("/public"))) {
        assertThat(r.body().string()).isEqualTo("public");
      }
      assertThat(results).noneMatch(Future::isDone);
      release.countDown();
      for (Future<Integer> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(as.hits("/as/jwks")).isEqualTo(1);
  }

  @Test
  void dpopWithServerNoncesThroughTheAdapter() throws IOException {
    org.jose4j.jwk.PublicJsonWebKey client = TestKeys.ec("client");
    String token =
        Tokens.valid(as.issuer(), TODOS)
            .claim("cnf", java.util.Map.of("jkt", dev.mcpauth.testing.DpopProofs.jkt(client)))
            .build();
    // The resource is http://127.0.0.1:3999/todos: htu names the resource's origin and the request
    // path.
    String htu = "http://127.0.0.1:3999/todos";
    String nonce;
    try (Response r =
        call(
            get("/todos")
                .post(RequestBody.create(new byte[0]))
                .header("Authorization", "DPoP " + token)
                .header(
                    "DPoP",
                    dev.mcpauth.testing.DpopProofs.proof(client, "POST", htu, token).build()))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).contains("DPoP error=\"use_dpop_nonce\"");
      assertThat(r.header("Access-Control-Expose-Headers"))
          .isEqualTo("WWW-Authenticate, DPoP-Nonce");
      nonce = r.header("DPoP-Nonce");
    }
    try (Response r =
        call(
            get("/todos")
                .post(RequestBody.create(new byte[0]))
                .header("Authorization", "DPoP " + token)
                .header(
                    "DPoP",
                    dev.mcpauth.testing.DpopProofs.proof(client, "POST", htu, token)
                        .claim("nonce", nonce)
                        .build()))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo("bound todo");
    }
  }

  @Test
  void legacyAuthorizationServerMetadataRouteIsServedWhenEnabled() throws IOException {
    try (Response r = call(get("/.well-known/oauth-authorization-server"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string())
          .contains("\"issuer\":\"" + as.issuer() + "\"")
          .contains("x_vendor_extension");
    }
  }

  @Test
  void pluginWithoutMcpAuthFailsAtRegistrationWithAClearMessage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Javalin.create(config -> config.registerPlugin(new McpAuthPlugin(p -> {})))
                    .start(0))
        .hasMessageContaining("McpAuthPlugin needs an McpAuth");
  }
}
