package dev.mcpauth.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.McpAuth;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.testing.AuthServerConfigFixtures;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real Undertow (one I/O thread) on loopback, serving its own authorization server's JWKS: had
 * verification run on the I/O thread, the key fetch could never be answered (a deadlock until
 * timeout).
 */
class UndertowAdapterTest {
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();
  private Undertow server;
  private McpAuth mcpAuth;
  private String base;
  private String resource;
  private String prm;
  private String issuer;
  private volatile CountDownLatch holdJwks;
  private final CountDownLatch jwksRequested = new CountDownLatch(1);

  static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @BeforeEach
  void start() throws IOException {
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    issuer = base + "/as";
    resource = base + "/notes";
    prm = base + "/.well-known/oauth-protected-resource/notes";
    String metadata =
        "{\"issuer\":\""
            + issuer
            + "\",\"authorization_endpoint\":\""
            + issuer
            + "/authorize\","
            + "\"token_endpoint\":\""
            + issuer
            + "/token\",\"jwks_uri\":\""
            + issuer
            + "/jwks\","
            + "\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"]}";
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(resource)
                    .authorizationServer(
                        AuthServerConfig.resolved(
                            AuthServerConfig.Type.OAUTH, AuthServerConfigFixtures.parse(metadata)))
                    .scopesSupported("read:notes", "write:notes")
                    .build())
            .protectedResource(
                ResourceServerConfig.builder(base + "/bound")
                    .authorizationServer(
                        AuthServerConfig.resolved(
                            AuthServerConfig.Type.OAUTH, AuthServerConfigFixtures.parse(metadata)))
                    .tokenPolicy(TokenPolicy.builder().dpop(DpopSettings.defaults()).build())
                    .build())
            .build();
    BearerAuth read = mcpAuth.bearerAuthFor(resource, "read:notes");
    BearerAuth write = mcpAuth.bearerAuthFor(resource, "read:notes", "write:notes");
    BearerAuth dpop = mcpAuth.bearerAuthFor(base + "/bound", "read:notes");
    HttpHandler jwks =
        exchange -> {
          CountDownLatch hold = holdJwks;
          if (hold != null) {
            exchange.dispatch(
                () -> {
                  jwksRequested.countDown();
                  try {
                    hold.await(
                        20, TimeUnit.SECONDS); // the key fetch hangs until the test lets it go
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  exchange.getResponseSender().send(TestKeys.jwks(TestKeys.K1));
                });
            return;
          }
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
          exchange.getResponseSender().send(TestKeys.jwks(TestKeys.K1));
        };
    HttpHandler routes =
        Handlers.path()
            .addExactPath("/as/jwks", jwks)
            .addExactPath("/public", exchange -> exchange.getResponseSender().send("public"))
            .addExactPath(
                "/notes",
                new BearerAuthHandler(
                    read,
                    exchange ->
                        exchange
                            .getResponseSender()
                            .send(
                                "notes of "
                                    + BearerAuthHandler.authInfo(exchange)
                                        .orElseThrow()
                                        .subject()
                                        .orElse("?"))))
            .addExactPath(
                "/where",
                new BearerAuthHandler(
                    read,
                    exchange ->
                        exchange
                            .getResponseSender()
                            .send(exchange.isInIoThread() ? "io" : "worker")))
            .addExactPath(
                "/notes/new",
                new BearerAuthHandler(
                    write, exchange -> exchange.getResponseSender().send("created")))
            .addExactPath(
                "/bound",
                new BearerAuthHandler(
                    dpop, exchange -> exchange.getResponseSender().send("bound")));
    server =
        Undertow.builder()
            .setIoThreads(1)
            .setWorkerThreads(8)
            .addHttpListener(port, "127.0.0.1")
            .setHandler(new ProtectedResourceMetadataHandler(mcpAuth, routes))
            .build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    mcpAuth.close();
  }

  private Response call(Request.Builder request) throws IOException {
    return http.newCall(request.build()).execute();
  }

  private Request.Builder get(String path) {
    return new Request.Builder().url(base + path);
  }

  private String token(String scope) {
    return Tokens.valid(issuer, resource).claim("scope", scope).build();
  }

  @Test
  void metadataIsServedAndOtherPathsFallThrough() throws IOException {
    try (Response r = call(get("/.well-known/oauth-protected-resource/notes"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=3600");
      assertThat(r.body().string())
          .isEqualTo(
              "{\"resource\":\""
                  + resource
                  + "\",\"authorization_servers\":[\""
                  + issuer
                  + "\"],\"scopes_supported\":[\"read:notes\",\"write:notes\"],\"bearer_methods_supported\":[\"header\"]}");
    }
    try (Response r = call(get("/.well-known/oauth-protected-resource/notes").head())) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r =
        call(get("/.well-known/oauth-protected-resource/notes").method("OPTIONS", null))) {
      assertThat(r.code()).isEqualTo(204);
      assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, OPTIONS");
    }
    try (Response r =
        call(
            get("/.well-known/oauth-protected-resource/notes")
                .put(RequestBody.create(new byte[0])))) {
      assertThat(r.code()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }
    try (Response r = call(get("/public"))) {
      assertThat(r.body().string()).isEqualTo("public");
    }
  }

  @Test
  void deniedRequestsGetTheCoreResponseVerbatim() throws IOException {
    try (Response r = call(get("/notes"))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo("Bearer resource_metadata=\"" + prm + "\", scope=\"read:notes\"");
      assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo("WWW-Authenticate");
    }
    try (Response r = call(get("/notes").header("Authorization", "Bearer x.y.z"))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer error=\"invalid_token\", error_description=\""
                  + "The access token is malformed.\", resource_metadata=\""
                  + prm
                  + "\"");
    }
    String t = token("read:notes");
    try (Response r =
        call(
            get("/notes")
                .addHeader("Authorization", "Bearer " + t)
                .addHeader("Authorization", "Bearer " + t))) {
      assertThat(r.code()).isEqualTo(400);
    }
    try (Response r = call(get("/notes/new").header("Authorization", "Bearer " + t))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer error=\"insufficient_scope\", "
                  + "scope=\"read:notes write:notes\", resource_metadata=\""
                  + prm
                  + "\"");
    }
  }

  @Test
  void verificationRunsOffTheIoThreadSoTheServerCanAnswerItsOwnKeyFetch() throws IOException {
    try (Response r =
        call(get("/notes").header("Authorization", "Bearer " + token("read:notes")))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo("notes of alice");
    }
  }

  @Test
  void withKeysCachedTheDecisionIsMadeOnTheIoThreadWithoutADispatch() throws IOException {
    String t = token("read:notes");
    try (Response r = call(get("/where").header("Authorization", "Bearer " + t))) {
      assertThat(r.body().string())
          .isEqualTo("worker"); // cold: the key fetch needed a worker thread
    }
    try (Response r = call(get("/where").header("Authorization", "Bearer " + t))) {
      assertThat(r.body().string()).isEqualTo("io"); // warm: decided in place, no dispatch
    }
  }

  @Test
  void aHangingKeyFetchDoesNotStallTheIoThread() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    holdJwks = release;
    CompletableFuture<Integer> protectedCall =
        CompletableFuture.supplyAsync(
            () -> {
              try (Response r =
                  call(get("/notes").header("Authorization", "Bearer " + token("read:notes")))) {
                return r.code();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      assertThat(jwksRequested.await(20, TimeUnit.SECONDS)).isTrue();
      // The key fetch is hanging now. With one I/O thread, this answer proves that thread is free.
      try (Response r = call(get("/public"))) {
        assertThat(r.body().string()).isEqualTo("public");
      }
      assertThat(protectedCall).isNotDone();
    } finally {
      release.countDown();
    }
    assertThat(protectedCall.get(20, TimeUnit.SECONDS)).isEqualTo(200);
  }

  @Test
  void dpopBoundTokensWithProofsPassThroughTheAdapter() throws IOException {
    org.jose4j.jwk.PublicJsonWebKey client = TestKeys.ec("client");
    String token =
        Tokens.valid(issuer, base + "/bound")
            .claim("scope", "read:notes")
            .claim("cnf", java.util.Map.of("jkt", dev.mcpauth.testing.DpopProofs.jkt(client)))
            .build();
    String proof =
        dev.mcpauth.testing.DpopProofs.proof(client, "GET", base + "/bound", token).build();
    try (Response r =
        call(get("/bound").header("Authorization", "DPoP " + token).header("DPoP", proof))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo("bound");
    }
    String wrongPath =
        dev.mcpauth.testing.DpopProofs.proof(client, "GET", base + "/elsewhere", token).build();
    try (Response r =
        call(get("/bound").header("Authorization", "DPoP " + token).header("DPoP", wrongPath))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).contains("DPoP error=\"invalid_dpop_proof\"");
    }
  }

  @Test
  void unreachableKeysGive503() throws Exception {
    server.stop();
    int port = new java.net.URI(base).getPort();
    server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                new ProtectedResourceMetadataHandler(
                    mcpAuth,
                    Handlers.path()
                        .addExactPath(
                            "/notes",
                            new BearerAuthHandler(
                                mcpAuth.bearerAuthFor(resource),
                                exchange -> exchange.getResponseSender().send("ok")))
                        .addExactPath("/as/jwks", exchange -> exchange.setStatusCode(500))))
            .build();
    server.start();
    try (Response r =
        call(get("/notes").header("Authorization", "Bearer " + token("read:notes")))) {
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isNotNull();
    }
  }
}
