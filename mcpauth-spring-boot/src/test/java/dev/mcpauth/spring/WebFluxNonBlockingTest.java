package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The WebFlux filter never blocks an event-loop thread, even when every request arrives while the
 * signing keys are still being fetched from a slow JWKS endpoint: Reactor's BlockHound watches
 * every non-blocking thread (Reactor Netty's event loops, Reactor's parallel scheduler) and records
 * each blocking call made on one; none may come from MCP Auth.
 */
class WebFluxNonBlockingTest {
  private static final Queue<String> BLOCKING_CALLS = new ConcurrentLinkedQueue<>();

  private FakeAuthorizationServer fake;
  private ConfigurableApplicationContext app;
  private String base;
  private String resource;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void installBlockHound() {
    BlockHound.install(
        builder ->
            builder.blockingMethodCallback(
                method -> {
                  String stack =
                      Arrays.stream(new Throwable().getStackTrace())
                          .map(StackTraceElement::toString)
                          .collect(Collectors.joining("\n  "));
                  BLOCKING_CALLS.add(
                      method + " on " + Thread.currentThread().getName() + "\n  " + stack);
                }));
  }

  /** The app, behind a JWKS endpoint that answers after 1.5 s (only the test that needs it). */
  private void start() {
    fake = new FakeAuthorizationServer();
    String jwks = TestKeys.jwks(TestKeys.K1);
    String metadata = fake.metadataJson(fake.issuer());
    fake.respond(
        path ->
            switch (path) {
              case "/as/jwks" ->
                  new MockResponse.Builder()
                      .code(200)
                      .addHeader("Content-Type", "application/json")
                      .body(jwks)
                      .headersDelay(1500, TimeUnit.MILLISECONDS)
                      .build();
              case "/as/.well-known/openid-configuration" ->
                  FakeAuthorizationServer.json(200, metadata);
              default -> new MockResponse.Builder().code(404).build();
            });
    int port = NotesApp.freePort();
    base = "http://127.0.0.1:" + port;
    resource = base + "/mcp";
    app =
        NotesApp.start(
            "webflux",
            port,
            Map.of(
                "spring.ai.mcp.server.protocol", "STREAMABLE",
                "mcpauth.resource", resource,
                "mcpauth.authorization-servers[0].issuer", fake.issuer(),
                "mcpauth.required-scopes", "read:notes",
                "mcpauth.protected-paths[0].pattern", "/notes",
                "mcpauth.protected-paths[0].scopes", "read:notes"));
    BLOCKING_CALLS.clear();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void blockHoundSeesBlockingCallsOnNonBlockingThreads() {
    Mono.fromRunnable(
            () -> {
              try {
                Thread.sleep(1);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })
        .subscribeOn(Schedulers.parallel())
        .block(Duration.ofSeconds(10));
    assertThat(BLOCKING_CALLS).anySatisfy(call -> assertThat(call).contains("sleep"));
  }

  @Test
  void requestsArrivingDuringASlowKeyFetchNeverBlockTheEventLoop() {
    start();
    String token = Tokens.valid(fake.issuer(), resource).claim("scope", "read:notes").build();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      responses.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/notes"))
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
      responses.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(resource))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(StackContract.INITIALIZE))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertThat(response.join().statusCode()).isEqualTo(200);
    }
    assertThat(fake.hits("/as/jwks")).isPositive();
    assertThat(BLOCKING_CALLS).filteredOn(call -> call.contains("dev.mcpauth")).isEmpty();
  }
}
