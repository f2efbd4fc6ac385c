package dev.mcpauth.bench;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.examples.NotesOnJavalin;
import dev.mcpauth.examples.NotesOnUndertow;
import dev.mcpauth.examples.NotesServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;

/**
 * HTTP load against the notes server's {@code GET /notes} on loopback, bounded in time: unprotected
 * versus protected (one token, many distinct tokens; verified-token cache off and on), then a key
 * rotation storm. Prints a Markdown table. Not part of the test run.
 *
 * <p>{@code java -cp mcpauth-benchmarks/target/benchmarks.jar dev.mcpauth.bench.LoadTest [--adapter
 * javalin|undertow] [--seconds 30] [--connections 64] [--tokens 2000]}
 */
public final class LoadTest {
  private static final String P = "127.0.0.1";

  private LoadTest() {}

  /** The numbers of one run. */
  record Result(
      String scenario, long requests, long errors, double seconds, long p50Micros, long p99Micros) {
    double rps() {
      return requests / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    String adapter = "javalin";
    int seconds = 30;
    int connections = 64;
    int tokenCount = 2000;
    boolean rotationOnly = false;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--rotation-only":
          rotationOnly = true;
          i--;
          break;
        case "--adapter":
          adapter = args[i + 1];
          break;
        case "--seconds":
          seconds = Integer.parseInt(args[i + 1]);
          break;
        case "--connections":
          connections = Integer.parseInt(args[i + 1]);
          break;
        case "--tokens":
          tokenCount = Integer.parseInt(args[i + 1]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (rotationOnly) {
      try (BenchmarkKeys keys = new BenchmarkKeys("RS256")) {
        for (String a : List.of("javalin", "undertow")) {
          int port = freePort();
          String resource = "http://localhost:" + port + "/mcp";
          try (NotesServer notes =
                  new NotesServer(
                      resource,
                      true,
                      AuthServerConfig.resolved(AuthServerConfig.Type.OAUTH, metadata(keys)));
              AutoCloseable server =
                  a.equals("undertow")
                      ? new NotesOnUndertow(notes, port)
                      : new NotesOnJavalin(notes, port)) {
            System.out.print(a + " ");
            keys.publish(keys.key);
            rotationStorm(keys, resource, "http://" + P + ":" + port, connections, seconds);
          }
        }
      }
      return;
    }
    try (BenchmarkKeys keys = new BenchmarkKeys("RS256")) {
      List<Result> results = new ArrayList<>();
      System.out.printf(
          Locale.ROOT,
          "# %s, %d connections, %d s per scenario, %d distinct tokens%n",
          adapter,
          connections,
          seconds,
          tokenCount);
      for (boolean cache : new boolean[] {false, true}) {
        int port = freePort();
        String resource = "http://localhost:" + port + "/mcp";
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < tokenCount; i++) {
          tokens.add(keys.token(resource, "user-" + i));
        }
        try (NotesServer notes =
                new NotesServer(
                    resource,
                    cache,
                    AuthServerConfig.resolved(AuthServerConfig.Type.OAUTH, metadata(keys)));
            AutoCloseable server =
                adapter.equals("undertow")
                    ? new NotesOnUndertow(notes, port)
                    : new NotesOnJavalin(notes, port)) {
          String base = "http://" + P + ":" + port;
          String suffix = cache ? ", cache on" : ", cache off";
          if (!cache) {
            run(results, "unprotected", base + "/public/notes", List.of(""), connections, seconds);
          }
          run(
              results,
              "protected, one token" + suffix,
              base + "/notes",
              tokens.subList(0, 1),
              connections,
              seconds);
          run(
              results,
              "protected, " + tokenCount + " tokens" + suffix,
              base + "/notes",
              tokens,
              connections,
              seconds);
          if (cache) {
            rotationStorm(keys, resource, base, connections, Math.max(10, seconds / 2));
          }
        }
      }
      double baseline = results.get(0).rps();
      System.out.println();
      System.out.println("| scenario | requests/s | p50 | p99 | errors | vs unprotected |");
      System.out.println("|---|---|---|---|---|---|");
      for (Result r : results) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %.0f | %d µs | %d µs | %d | %.2f |%n",
            r.scenario(),
            r.rps(),
            r.p50Micros(),
            r.p99Micros(),
            r.errors(),
            r.rps() / baseline);
      }
    }
  }

  private static AuthServerMetadata metadata(BenchmarkKeys keys) {
    return keys.metadata();
  }

  private static void run(
      List<Result> results,
      String scenario,
      String url,
      List<String> tokens,
      int connections,
      int seconds)
      throws Exception {
    load(url, tokens, connections, 2, null); // warm-up
    Result r = load(url, tokens, connections, seconds, null);
    results.add(
        new Result(scenario, r.requests(), r.errors(), r.seconds(), r.p50Micros(), r.p99Micros()));
    System.out.printf(
        Locale.ROOT,
        "%s: %.0f req/s, p99 %d µs, %d errors%n",
        scenario,
        r.rps(),
        r.p99Micros(),
        r.errors());
  }

  /**
   * A new kid arrives in the middle of the load: the first token using it makes the one JWKS
   * refetch.
   */
  private static void rotationStorm(
      BenchmarkKeys keys, String resource, String base, int connections, int seconds)
      throws Exception {
    PublicJsonWebKey next = RsaJwkGenerator.generateJwk(2048);
    next.setKeyId("rotated");
    List<String> before = List.of(keys.token(resource, "before"));
    List<String> after = List.of(keys.token(next, resource, "after"));
    load(base + "/notes", before, connections, 2, null);
    Thread.sleep(1100); // past the refetch cool-down of the warm-up
    keys.publish(keys.key, next);
    int fetchesBefore = keys.jwksHits.get();
    Result r = load(base + "/notes", before, connections, seconds, after);
    int fetches = keys.jwksHits.get() - fetchesBefore;
    System.out.printf(
        Locale.ROOT,
        "rotation storm: %d requests, %d errors, %d JWKS fetches for the new kid%n",
        r.requests(),
        r.errors(),
        fetches);
  }

  /**
   * Runs {@code connections} clients for {@code seconds}; halfway, switches to {@code later} tokens
   * if given.
   */
  private static Result load(
      String url, List<String> tokens, int connections, int seconds, List<String> later)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean switched = new AtomicBoolean();
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long[][] histograms = new long[connections][];
    CountDownLatch done = new CountDownLatch(connections);
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      long[] histogram = new long[200_001]; // microseconds, last bucket open-ended
      histograms[c] = histogram;
      int offset = c;
      Thread t =
          new Thread(
              () -> {
                int i = offset;
                while (!stop.get()) {
                  List<String> pool = switched.get() ? later : tokens;
                  String token = pool.get(i++ % pool.size());
                  HttpRequest.Builder request =
                      HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
                  if (!token.isEmpty()) {
                    request.header("Authorization", "Bearer " + token);
                  }
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<Void> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                      errors.incrementAndGet();
                    }
                  } catch (Exception e) {
                    errors.incrementAndGet();
                  }
                  long micros = (System.nanoTime() - t0) / 1000;
                  histogram[(int) Math.min(micros, histogram.length - 1)]++;
                  requests.incrementAndGet();
                }
                done.countDown();
              },
              "load-" + c);
      t.setDaemon(true);
      t.start();
    }
    if (later != null) {
      Thread.sleep(seconds * 500L);
      switched.set(true);
      Thread.sleep(seconds * 500L);
    } else {
      Thread.sleep(seconds * 1000L);
    }
    stop.set(true);
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] merged = new long[histograms[0].length];
    for (long[] h : histograms) {
      for (int i = 0; i < h.length; i++) {
        merged[i] += h[i];
      }
    }
    return new Result(
        "",
        requests.get(),
        errors.get(),
        elapsed,
        percentile(merged, 0.50),
        percentile(merged, 0.99));
  }

  private static long percentile(long[] histogram, double p) {
    long total = 0;
    for (long n : histogram) {
      total += n;
    }
    long target = (long) Math.ceil(total * p);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= target) {
        return i;
      }
    }
    return histogram.length - 1;
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(P))) {
      return s.getLocalPort();
    }
  }
}
