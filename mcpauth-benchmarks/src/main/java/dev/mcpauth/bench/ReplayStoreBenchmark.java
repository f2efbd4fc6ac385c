package dev.mcpauth.bench;

import dev.mcpauth.SingleUseStore;
import dev.mcpauth.redis.RedisStores;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The DPoP replay check alone ({@code jti} first use, a fresh key each time, as for every DPoP
 * request): the in-memory store of one process against {@code mcpauth-redis} on a loopback
 * {@code redis-server} (started by the benchmark, see {@link BenchmarkRedisServer}). Bearer requests
 * make no store call at all.
 *
 * <p>{@code java -jar mcpauth-benchmarks/target/benchmarks.jar ReplayStoreBenchmark}, and for the
 * multiplexed connection under concurrency {@code ... ReplayStoreBenchmark -bm thrpt -tu ms -t 4}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayStoreBenchmark {
  /** Keys look like the core's: a namespace and a base64url SHA-256 (43 characters). */
  private static final String KEY_STEM = "dpop:jti:Yk3Qm1Zs9fVQp0Lr8Xw2cTn5Hb7Ge4Ja6Du";

  @Param({"memory", "redis"})
  public String store;

  private final AtomicLong counter = new AtomicLong();
  private BenchmarkRedisServer server;
  private RedisStores redis;
  private SingleUseStore singleUse;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (store.equals("redis")) {
      server = BenchmarkRedisServer.startOrUseConfigured();
      redis = RedisStores.connect(server.uri());
      singleUse = redis.singleUseStore();
    } else {
      singleUse = new InMemory();
    }
    if (!singleUse.firstUse("warm", Instant.now().plusSeconds(5))) {
      throw new IllegalStateException("a fresh key was not a first use");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (redis != null) {
      redis.close();
      server.close();
    }
  }

  /** One first use of a fresh key, as every DPoP request does for its proof's {@code jti}. */
  @Benchmark
  public boolean firstUse() {
    return singleUse.firstUse(KEY_STEM + counter.incrementAndGet(), Instant.now().plusSeconds(5));
  }

  /** A stand-in for the core's in-memory store until it is wired: one putIfAbsent on a map. */
  private static final class InMemory implements SingleUseStore {
    private final ConcurrentHashMap<String, Instant> used = new ConcurrentHashMap<>();

    @Override
    public boolean firstUse(String key, Instant expiresAt) {
      return used.putIfAbsent(key, expiresAt) == null;
    }
  }
}
