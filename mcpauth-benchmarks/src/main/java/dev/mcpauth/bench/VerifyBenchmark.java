package dev.mcpauth.bench;

import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.McpAuth;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
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
 * One token, three ways, side by side: the bare JCA signature check of its signing input (the
 * floor), a bare jose4j {@code JwtConsumer} with equivalent checks, and MCP Auth's {@code
 * verify(headers)} with warm keys (header parsing, every claim check, key lookup and signature
 * included).
 *
 * <p>{@code java -jar mcpauth-benchmarks/target/benchmarks.jar VerifyBenchmark -p alg=RS256}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {
  static final String RESOURCE = "https://mcp.example.com/mcp";

  @Param({"RS256", "PS256", "ES256", "EdDSA"})
  public String alg;

  private BenchmarkKeys keys;
  private McpAuth mcpAuth;
  private McpAuth cachedMcpAuth;
  private BearerAuth auth;
  private BearerAuth cachedAuth;
  private JwtConsumer jose4j;
  private String token;
  private RequestHeaders headers;
  private byte[] signingInput;
  private byte[] signature;
  private PublicKey publicKey;
  private Signature engine;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    keys = new BenchmarkKeys(alg);
    token = keys.token(RESOURCE, "alice");
    headers = RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)));
    int lastDot = token.lastIndexOf('.');
    signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    publicKey = keys.key.getPublicKey();
    engine = BenchmarkKeys.signature(alg);

    AuthServerMetadata metadata = keys.metadata();
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OAUTH, metadata))
                    .tokenPolicy(TokenPolicy.builder().noTokenCache().build())
                    .build())
            .build();
    cachedMcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OAUTH, metadata))
                    .build())
            .build();
    auth = mcpAuth.bearerAuth("mcp:read");
    cachedAuth = cachedMcpAuth.bearerAuth("mcp:read");
    cachedAuth.verify(headers);
    if (!(auth.verify(headers) instanceof AuthResult.Authorized)) {
      throw new IllegalStateException(
          "the benchmark token does not verify: " + auth.verify(headers));
    }

    jose4j =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(60)
            .setRequireSubject()
            .setExpectedIssuer(keys.issuer)
            .setExpectedAudience(RESOURCE)
            .setExpectedType(false, "at+jwt")
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
            .setVerificationKey(publicKey)
            .build();
    jose4j.processToClaims(token);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    mcpAuth.close();
    cachedMcpAuth.close();
    keys.close();
  }

  /** The floor: the signature check alone, on bytes already decoded, with a reused JCA engine. */
  @Benchmark
  public boolean floorJca() throws Exception {
    Signature s = engine;
    s.initVerify(publicKey);
    s.update(signingInput);
    return s.verify(signature);
  }

  /** jose4j with a fixed key and equivalent claim checks. */
  @Benchmark
  public JwtClaims jose4jConsumer() throws Exception {
    return jose4j.processToClaims(token);
  }

  /** MCP Auth with the opt-in verified-token cache: a repeat of a verified token. */
  @Benchmark
  public AuthResult mcpAuthVerifyCached() {
    return cachedAuth.verify(headers);
  }

  /** MCP Auth: from the request headers to the decision, keys warm. */
  @Benchmark
  public AuthResult mcpAuthVerify() {
    return auth.verify(headers);
  }
}
