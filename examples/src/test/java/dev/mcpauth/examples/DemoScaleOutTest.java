package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Two demo instances behind an imaginary load balancer ({@code Demo.start} twice, different ports,
 * the same {@code --store redis://...}, {@code --issuer} and {@code --resource}) against a real
 * {@code redis-server}, over real HTTP: a DPoP proof used at one is refused at the other, a nonce
 * issued by one is accepted by the other, an introspection result cached by one serves the other,
 * and while Redis is down a request that needs it gets 503 with {@code Retry-After}, then recovers.
 *
 * <p>Gated like mcpauth-redis: runs when {@code /usr/bin/redis-server} exists, or with {@code
 * -Dredis.tests=true} (then fails with an install hint when it is missing).
 */
@EnabledIf(
    value = "dev.mcpauth.examples.LocalRedis#testsRun",
    disabledReason =
        "needs /usr/bin/redis-server (apt-get install -y redis-server) or -Dredis.tests=true")
class DemoScaleOutTest {
  private static final String NONCE_SECRET = "a shared demo nonce secret, 32 bytes or more";
  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(30);

  private static LocalRedis redis;

  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();
  private final List<AutoCloseable> started = new ArrayList<>();
  private DevAuthorizationServer as;
  private String resource;
  private int portA;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = LocalRedis.startNew();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    redis.start(); // for the next test, if this one stopped it
  }

  /** The shared authorization server, issuing {@code format} tokens for instance A's resource. */
  private void authorizationServer(DevAuthorizationServer.TokenFormat format) throws Exception {
    portA = DemoTest.freePort();
    resource = "http://localhost:" + portA + "/mcp";
    as = DevAuthorizationServer.start(0, resource, "at+jwt", format);
    started.add(as);
  }

  /** An instance on {@code port} (0: any), sharing the store, issuer and resource. */
  private Demo instance(int port, Map<String, String> environment, String... flags)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port",
                String.valueOf(port),
                "--issuer",
                as.issuer(),
                "--resource",
                resource,
                "--store",
                redis.uri()));
    args.addAll(List.of(flags));
    Demo demo = Demo.start(DemoOptions.parse(args, environment));
    started.add(demo);
    return demo;
  }

  private static String[] with(String[] flags, String... more) {
    List<String> all = new ArrayList<>(List.of(flags));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private String token(DefaultDPoPProofFactory dpop) throws Exception {
    Request.Builder request =
        new Request.Builder()
            .url(as.tokenEndpoint())
            .header("Authorization", Credentials.basic("demo-client", "secret"))
            .post(
                new FormBody.Builder()
                    .add("grant_type", "client_credentials")
                    .add("scope", "read:notes")
                    .add("resource", resource)
                    .build());
    if (dpop != null) {
      request.header(
          "DPoP", dpop.createDPoPJWT("POST", URI.create(as.tokenEndpoint())).serialize());
    }
    try (Response r = http.newCall(request.build()).execute()) {
      String body = r.body().string();
      assertThat(r.code()).as(body).isEqualTo(200);
      return JsonParser.parseString(body).getAsJsonObject().get("access_token").getAsString();
    }
  }

  private static DefaultDPoPProofFactory key() throws Exception {
    return new DefaultDPoPProofFactory(
        new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
  }

  /**
   * A proof for {@code GET /notes} at the resource's origin: behind a load balancer every instance
   * serves the same URL, so the same proof is valid at each (once).
   */
  private String proof(DefaultDPoPProofFactory key, String token, String nonce) throws Exception {
    URI url = URI.create("http://localhost:" + portA + "/notes");
    return (nonce == null
            ? key.createDPoPJWT("GET", url, new DPoPAccessToken(token))
            : key.createDPoPJWT("GET", url, new DPoPAccessToken(token), new Nonce(nonce)))
        .serialize();
  }

  /** The status, WWW-Authenticate, DPoP-Nonce and Retry-After headers and body of GET /notes. */
  private record Answer(
      int status, String challenge, String nonce, String retryAfter, String body) {}

  private Answer notes(Demo demo, String scheme, String token, String proof) throws Exception {
    Request.Builder request =
        new Request.Builder()
            .url("http://localhost:" + demo.port() + "/notes")
            .header("Authorization", scheme + " " + token);
    if (proof != null) {
      request.header("DPoP", proof);
    }
    try (Response r = http.newCall(request.build()).execute()) {
      return new Answer(
          r.code(),
          String.valueOf(r.header("WWW-Authenticate")),
          r.header("DPoP-Nonce"),
          r.header("Retry-After"),
          r.body().string());
    }
  }

  /** A tools/call of list_notes with a DPoP-bound token; the response is already closed. */
  private Response mcp(Demo demo, String token, String proof) throws Exception {
    Request request =
        new Request.Builder()
            .url("http://localhost:" + demo.port() + "/mcp")
            .header("Accept", "application/json, text/event-stream")
            .header("Authorization", "DPoP " + token)
            .header("DPoP", proof)
            .post(
                RequestBody.create(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"list_notes\",\"arguments\":{}}}",
                    MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(request).execute()) {
      return r;
    }
  }

  @Test
  void aProofUsedAtOneInstanceIsRefusedAtTheOtherAndANonceOfOneIsAcceptedByTheOther()
      throws Exception {
    authorizationServer(DevAuthorizationServer.TokenFormat.JWT);
    Map<String, String> shared = Map.of(DemoOptions.NONCE_SECRET_VARIABLE, NONCE_SECRET);
    String[] flags = {"--dpop", "allowed", "--replay-cache", "--dpop-nonces"};
    Demo a = instance(portA, shared, with(flags, "--adapter", "undertow"));
    Demo b = instance(0, shared, with(flags, "--adapter", "javalin"));
    assertThat(a.warnings()).isEmpty();
    DefaultDPoPProofFactory key = key();
    String bound = token(key);

    Answer askNonce = notes(a, "DPoP", bound, proof(key, bound, null));
    assertThat(askNonce.status()).isEqualTo(401);
    assertThat(askNonce.challenge()).contains("use_dpop_nonce");
    String nonceOfA = askNonce.nonce();
    assertThat(nonceOfA).isNotBlank();

    // a nonce issued by A is accepted by B; the proof, used at B, is refused at A
    String first = proof(key, bound, nonceOfA);
    Answer atB = notes(b, "DPoP", bound, first);
    assertThat(atB.status()).as(atB.challenge()).isEqualTo(200);
    assertThat(atB.body()).contains("Welcome");
    Answer replayAtA = notes(a, "DPoP", bound, first);
    assertThat(replayAtA.status()).isEqualTo(401);
    assertThat(replayAtA.challenge()).contains("invalid_dpop_proof");
    assertThat(replayAtA.body()).doesNotContain("Welcome");
    // and the other way round
    String second = proof(key, bound, nonceOfA);
    assertThat(notes(a, "DPoP", bound, second).status()).isEqualTo(200);
    assertThat(notes(b, "DPoP", bound, second).status()).isEqualTo(401);

    // the MCP endpoint too: a proof for POST /mcp used at B is refused at A
    String mcpProof =
        key.createDPoPJWT(
                "POST", URI.create(resource), new DPoPAccessToken(bound), new Nonce(nonceOfA))
            .serialize();
    assertThat(mcp(b, bound, mcpProof).code()).isEqualTo(200);
    Response replayedMcp = mcp(a, bound, mcpProof);
    assertThat(replayedMcp.code()).isEqualTo(401);
    assertThat(replayedMcp.header("WWW-Authenticate")).contains("invalid_dpop_proof");

    // control: an instance without the shared secret refuses A's nonce (asks for its own), and
    // the demo warned about it
    Demo alone = instance(0, Map.of(), with(flags, "--adapter", "servlet"));
    assertThat(alone.warnings()).anyMatch(w -> w.contains(DemoOptions.NONCE_SECRET_VARIABLE));
    Answer refused = notes(alone, "DPoP", bound, proof(key, bound, nonceOfA));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.challenge()).contains("use_dpop_nonce");
    assertThat(a.banner())
        .contains(
            "Shared state:                   Redis at " + redis.uri(),
            "--store is on",
            "--dpop-nonces is on",
            "Nonce secret: from " + DemoOptions.NONCE_SECRET_VARIABLE)
        .doesNotContain(NONCE_SECRET);
  }

  @Test
  void anIntrospectionResultCachedByOneInstanceServesTheOther() throws Exception {
    authorizationServer(DevAuthorizationServer.TokenFormat.OPAQUE);
    String[] flags = {"--tokens", "opaque", "--introspection-client", "notes-resource:secret"};
    Demo a = instance(portA, Map.of(), with(flags, "--adapter", "javalin"));
    Demo b = instance(0, Map.of(), with(flags, "--adapter", "undertow"));
    String opaque = token(null);
    assertThat(opaque).doesNotContain(".");

    long before = as.introspectionRequests();
    assertThat(notes(a, "Bearer", opaque, null).status()).isEqualTo(200);
    long afterA = as.introspectionRequests();
    assertThat(afterA).isGreaterThan(before);
    Answer atB = notes(b, "Bearer", opaque, null);
    assertThat(atB.status()).isEqualTo(200);
    assertThat(atB.body()).contains("Welcome");
    assertThat(as.introspectionRequests())
        .as("B answered from the result A cached in Redis, without asking the authorization server")
        .isEqualTo(afterA);

    // control: a token B sees first is introspected by B
    String other = token(null);
    assertThat(notes(b, "Bearer", other, null).status()).isEqualTo(200);
    assertThat(as.introspectionRequests()).isGreaterThan(afterA);

    // each instance holds one connection, and closes it when it stops
    assertThat(redis.connectedClients()).isEqualTo(2);
    for (Demo demo : List.of(a, b)) {
      started.remove(demo);
      demo.close();
    }
    Instant deadline = Instant.now().plus(RECOVERY_DEADLINE);
    while (redis.connectedClients() > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(20); // polling interval: the server notices the closed sockets on its own
    }
    assertThat(redis.connectedClients()).isZero();
  }

  @Test
  void whileRedisIsDownDpopRequestsGet503WithRetryAfterAndNothingIsAcceptedThenTheyRecover()
      throws Exception {
    authorizationServer(DevAuthorizationServer.TokenFormat.JWT);
    String[] flags = {"--dpop", "allowed", "--replay-cache"};
    Demo a = instance(portA, Map.of(), with(flags, "--adapter", "servlet"));
    Demo b = instance(0, Map.of(), with(flags, "--adapter", "undertow"));
    DefaultDPoPProofFactory key = key();
    String bound = token(key);
    String plain = token(null);
    assertThat(notes(a, "DPoP", bound, proof(key, bound, null)).status()).isEqualTo(200);

    redis.stop();
    for (Demo demo : List.of(a, b)) {
      Answer down = notes(demo, "DPoP", bound, proof(key, bound, null));
      assertThat(down.status()).as(down.challenge()).isEqualTo(503);
      assertThat(down.retryAfter()).isNotBlank();
      assertThat(down.body()).doesNotContain("Welcome");
    }
    // a Bearer JWT needs no shared state: verified locally as before
    assertThat(notes(b, "Bearer", plain, null).status()).isEqualTo(200);

    redis.start();
    for (Demo demo : List.of(a, b)) {
      Instant deadline = Instant.now().plus(RECOVERY_DEADLINE);
      Answer answer = notes(demo, "DPoP", bound, proof(key, bound, null));
      while (answer.status() == 503 && Instant.now().isBefore(deadline)) {
        Thread.sleep(50); // polling interval: the loop waits for the reconnection's outcome
        answer = notes(demo, "DPoP", bound, proof(key, bound, null));
      }
      assertThat(answer.status()).as("recovered after Redis came back").isEqualTo(200);
    }
    // and the replay check is shared again
    String again = proof(key, bound, null);
    assertThat(notes(a, "DPoP", bound, again).status()).isEqualTo(200);
    assertThat(notes(b, "DPoP", bound, again).status()).isEqualTo(401);
  }
}
