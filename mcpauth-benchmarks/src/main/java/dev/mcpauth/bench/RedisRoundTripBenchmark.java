package dev.mcpauth.bench;

import dev.mcpauth.redis.RedisStores;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The Redis round trip alone: one {@code mcpauth-redis} first use of a fresh key (as a DPoP proof's
 * {@code jti}), on a loopback {@code redis-server} the benchmark starts ({@link
 * BenchmarkRedisServer}).
 *
 * <p>{@code java -jar mcpauth-benchmarks/target/benchmarks.jar RedisRoundTripBenchmark}; the one
 * multiplexed connection under concurrency: {@code ... RedisRoundTripBenchmark -bm thrpt -tu ms -t
 * 4}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisRoundTripBenchmark {
  /** Keys look like the core's: a namespace and a base64url SHA-256 (43 characters). */
  private static final String KEY_STEM = "dpop-jti:Yk3Qm1Zs9fVQp0Lr8Xw2cTn5Hb7Ge4Ja6Du";

  private final AtomicLong counter = new AtomicLong();
  private BenchmarkRedisServer server;
  private RedisStores redis;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = BenchmarkRedisServer.startOrUseConfigured();
    redis = RedisStores.connect(server.uri());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    redis.close();
    server.close();
  }

  /**
   * {@code SET <key> <value> NX GET PXAT <10 s from now>} for a key never used before: a DPoP
   * proof's first use.
   */
  @Benchmark
  public boolean firstUse() {
    long n = counter.incrementAndGet();
    return redis.putIfAbsent(KEY_STEM + n, "a" + n, Instant.now().plusSeconds(10)).isEmpty();
  }
}
