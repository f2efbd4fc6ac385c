package dev.mcpauth.bench;

import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.McpAuth;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What refusing costs (RS256 keys warm): a malformed header, a token from an unknown issuer, and a
 * well-formed token for another audience are all refused before any signature work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RejectionBenchmark {
  private BenchmarkKeys keys;
  private McpAuth mcpAuth;
  private BearerAuth auth;
  private RequestHeaders malformed;
  private RequestHeaders unknownIssuer;
  private RequestHeaders wrongAudience;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    keys = new BenchmarkKeys("RS256");
    AuthServerMetadata metadata = keys.metadata();
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(VerifyBenchmark.RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OAUTH, metadata))
                    .build())
            .build();
    auth = mcpAuth.bearerAuth();
    String good = keys.token(VerifyBenchmark.RESOURCE, "alice");
    auth.verify(headers("Bearer " + good)); // warm keys
    malformed = headers("Bearer not-a-jwt");
    unknownIssuer =
        headers(
            "Bearer "
                + good.replace(
                    good.split("\\.")[1],
                    java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                            ("{\"iss\":\"https://evil.example\",\"sub\":\"a\",\"aud\":\""
                                    + VerifyBenchmark.RESOURCE
                                    + "\",\"exp\":9999999999}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    wrongAudience = headers("Bearer " + keys.token("https://other.example/mcp", "alice"));
  }

  private static RequestHeaders headers(String authorization) {
    return RequestHeaders.of(Map.of("Authorization", List.of(authorization)));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    mcpAuth.close();
    keys.close();
  }

  /** A header that is not a JWT. */
  @Benchmark
  public AuthResult malformedHeader() {
    return auth.verify(malformed);
  }

  /** A token naming an issuer the resource does not trust: no key lookup, no I/O. */
  @Benchmark
  public AuthResult unknownIssuer() {
    return auth.verify(unknownIssuer);
  }

  /** A well-formed token for another resource: refused before the signature. */
  @Benchmark
  public AuthResult wrongAudience() {
    return auth.verify(wrongAudience);
  }
}
