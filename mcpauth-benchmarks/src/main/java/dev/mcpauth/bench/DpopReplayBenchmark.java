package dev.mcpauth.bench;

import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.DenialReason;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.McpAuth;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.redis.RedisStores;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A DPoP request with the {@code jti} replay check, from headers to decision, with the deployment's
 * single-use store in memory (one process) or on {@code mcpauth-redis} (a loopback {@code
 * redis-server} the benchmark starts), next to a Bearer request on the same instance (which makes
 * no store call). RS256 token and RS256 proof (cheap to verify, so the store's share shows); the
 * token is verified once and then served from the verified-token cache, the proof's signature is
 * checked every time.
 *
 * <p>Signing a fresh proof per operation would dominate the measurement, so one proof is sent again
 * and again: after its first use it is refused as a replay, which runs the same pipeline and the
 * same single store command ({@code SET NX}) as an accepted proof.
 *
 * <p>{@code java -jar mcpauth-benchmarks/target/benchmarks.jar DpopReplayBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DpopReplayBenchmark {
  static final String RESOURCE = "https://mcp.example.com/mcp";

  @Param({"memory", "redis"})
  public String store;

  private BenchmarkKeys keys;
  private BenchmarkRedisServer server;
  private RedisStores redis;
  private McpAuth mcpAuth;
  private BearerAuth auth;
  private RequestHeaders dpopRequest;
  private RequestHeaders bearerRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    keys = new BenchmarkKeys("RS256");
    McpAuth.Builder builder = McpAuth.builder();
    if (store.equals("redis")) {
      server = BenchmarkRedisServer.startOrUseConfigured();
      redis = RedisStores.connect(server.uri());
      builder.sharedStore(redis);
    }
    mcpAuth =
        builder
            .protectedResource(
                ResourceServerConfig.builder(RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OAUTH, keys.metadata()))
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .dpop(DpopSettings.builder().replayCheck().build())
                            .build())
                    .build())
            .build();
    auth = mcpAuth.bearerAuth("mcp:read");

    PublicJsonWebKey client = RsaJwkGenerator.generateJwk(2048);
    String jkt = client.calculateBase64urlEncodedThumbprint("SHA-256");
    String token = keys.token(RESOURCE, "alice", ",\"cnf\":{\"jkt\":\"" + jkt + "\"}");
    Map<String, List<String>> dpop = new HashMap<>();
    dpop.put("Authorization", List.of("DPoP " + token));
    dpop.put("DPoP", List.of(proof(client, token)));
    dpopRequest = RequestHeaders.of(dpop).withRequestLine("POST", "/mcp");
    bearerRequest =
        RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + keys.token(RESOURCE, "bob"))))
            .withRequestLine("POST", "/mcp");

    if (!(auth.verify(dpopRequest) instanceof AuthResult.Authorized)) {
      throw new IllegalStateException(
          "the benchmark proof is not accepted: " + auth.verify(dpopRequest));
    }
    if (!(auth.verify(dpopRequest) instanceof AuthResult.Denied d
        && d.reason() == DenialReason.DPOP_PROOF_REPLAYED)) {
      throw new IllegalStateException("the replayed proof is not refused as a replay");
    }
    if (!(auth.verify(bearerRequest) instanceof AuthResult.Authorized)) {
      throw new IllegalStateException("the Bearer token is not accepted");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    mcpAuth.close();
    keys.close();
    if (redis != null) {
      redis.close();
      server.close();
    }
  }

  /**
   * A DPoP request: proof checks, cached token, binding, scopes, then one replay check in the
   * store.
   */
  @Benchmark
  public AuthResult dpopWithReplayCheck() {
    return auth.verify(dpopRequest);
  }

  /** A Bearer request on the same instance: no store call. */
  @Benchmark
  public AuthResult bearer() {
    return auth.verify(bearerRequest);
  }

  private static String proof(PublicJsonWebKey client, String token) throws Exception {
    String jwk = client.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + jwk + "}";
    String ath =
        b64(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    long now = System.currentTimeMillis() / 1000;
    String claims =
        "{\"jti\":\""
            + UUID.randomUUID()
            + "\",\"htm\":\"POST\",\"htu\":\""
            + RESOURCE
            + "\","
            + "\"iat\":"
            + now
            + ",\"ath\":\""
            + ath
            + "\"}";
    String input =
        b64(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(claims.getBytes(StandardCharsets.UTF_8));
    java.security.Signature s = BenchmarkKeys.signature("RS256");
    s.initSign(client.getPrivateKey());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(s.sign());
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
