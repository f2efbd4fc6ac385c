package dev.mcpauth.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Issue 19 item 1, pre-authentication memory: starts the demo jar in its own JVM with a small heap
 * and sends rounds of concurrent unauthenticated POSTs of a maximum-size {@code [0,0,...]} body
 * (about 1.9 MiB) to {@code /mcp}. Every answer must be 401, and the server must neither log an
 * {@link OutOfMemoryError} nor answer 5xx, and must still serve afterwards.
 *
 * <p>Dependency-free, so it also runs by itself against any build of the demo (the "before"
 * numbers):
 *
 * <pre>
 * java examples/src/test/java/dev/mcpauth/examples/PreAuthMemoryLoad.java JAR ADAPTER HEAP [ROUNDS] [CONCURRENCY]
 * </pre>
 *
 * e.g. {@code ... examples/target/mcpauth-examples.jar undertow 64m 10 10}. Exit status 0 when it
 * passed.
 */
public final class PreAuthMemoryLoad {
  /** Zeros in the body: {@code [0,0,...,0]} is 2 bytes each, about 1.9 MiB in all. */
  static final int ZEROS = 996_000;

  private PreAuthMemoryLoad() {}

  /**
   * What one run saw.
   *
   * @param statuses how many answers had each status ({@code -1}: the exchange failed with an I/O
   *     error)
   * @param started whether the demo came up
   * @param aliveAfter whether the demo still served its metadata after the load
   * @param outOfMemory whether the demo's output mentions {@code OutOfMemoryError}
   * @param log the demo's output (stdout and stderr)
   */
  record Result(
      Map<Integer, Integer> statuses,
      boolean started,
      boolean aliveAfter,
      boolean outOfMemory,
      String log) {
    /** Every answer 401, the server up afterwards, no OutOfMemoryError. */
    boolean passed() {
      return started
          && aliveAfter
          && !outOfMemory
          && statuses.size() == 1
          && statuses.containsKey(401);
    }

    String summary() {
      return "started="
          + started
          + " statuses="
          + statuses
          + " aliveAfter="
          + aliveAfter
          + " outOfMemory="
          + outOfMemory;
    }
  }

  /** The body: {@code [0,0,...,0]}. */
  static byte[] body() {
    StringBuilder b = new StringBuilder(ZEROS * 2 + 1).append('[');
    for (int i = 0; i < ZEROS; i++) {
      b.append(i == 0 ? "0" : ",0");
    }
    return b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Starts {@code jar} on {@code adapter} with {@code -Xmx<heap>}, runs the load, stops the demo.
   */
  static Result run(Path jar, String adapter, String heap, int rounds, int concurrency)
      throws Exception {
    int port = freePort();
    Process demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-jar",
                jar.toString(),
                "--port",
                String.valueOf(port),
                "--adapter",
                adapter)
            .redirectErrorStream(true)
            .start();
    StringBuffer log = new StringBuffer();
    Thread reader = new Thread(() -> copy(demo.getInputStream(), log), "demo-output");
    reader.setDaemon(true);
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (log.indexOf("Press Ctrl+C") < 0 && demo.isAlive() && System.nanoTime() < deadline) {
        reader.join(50); // returns early when the demo exits
      }
      if (log.indexOf("Press Ctrl+C") < 0) {
        return new Result(
            Map.of(), false, false, log.indexOf("OutOfMemoryError") >= 0, log.toString());
      }
      byte[] body = body();
      Map<Integer, Integer> statuses = new TreeMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(concurrency * 2);
      try {
        for (int round = 0; round < rounds && demo.isAlive(); round++) {
          List<Future<Integer>> calls = new ArrayList<>();
          for (int i = 0; i < concurrency; i++) {
            calls.add(clients.submit(() -> post(port, body, clients)));
          }
          for (Future<Integer> call : calls) {
            statuses.merge(call.get(90, TimeUnit.SECONDS), 1, Integer::sum);
          }
        }
      } finally {
        clients.shutdownNow();
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      boolean alive = demo.isAlive() && serves(http, port);
      return new Result(
          statuses, true, alive, log.indexOf("OutOfMemoryError") >= 0, log.toString());
    } finally {
      demo.destroy();
      if (!demo.waitFor(20, TimeUnit.SECONDS)) {
        demo.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * One POST over a raw socket: the body is written on another thread while this one reads the
   * status line, so an answer the server sends before it has read the body (as a 401 should be) is
   * seen even when the server then closes the connection under the unsent rest; -1 when no status
   * line came.
   */
  private static int post(int port, byte[] body, ExecutorService writers) {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nContent-Type: application/json\r\n"
                  + "Accept: application/json, text/event-stream\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      writers.submit(
          () -> {
            try {
              out.write(body);
              out.flush();
            } catch (IOException e) {
              // the server answered and closed without reading the whole body: allowed
            }
          });
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c; (c = in.read()) >= 0 && c != '\n' && line.length() < 200; ) {
        line.append((char) c);
      }
      String[] parts = line.toString().split(" ");
      return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static boolean serves(HttpClient http, int port) {
    try {
      return http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + port
                                  + "/.well-known/oauth-protected-resource/mcp"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void copy(InputStream in, StringBuffer log) {
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the demo exited
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /**
   * {@code JAR ADAPTER HEAP [ROUNDS] [CONCURRENCY]}: one run, a summary line, exit 0 when it
   * passed.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: PreAuthMemoryLoad JAR javalin|undertow|servlet HEAP [ROUNDS] [CONCURRENCY]");
      System.exit(2);
    }
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    Result result = run(Path.of(args[0]), args[1], args[2], rounds, concurrency);
    System.out.println(
        args[1]
            + " -Xmx"
            + args[2]
            + " "
            + (result.passed() ? "PASS " : "FAIL ")
            + result.summary());
    if (!result.passed() && System.getenv("SHOW_LOG") != null) {
      System.out.println(result.log());
    }
    System.exit(result.passed() ? 0 : 1);
  }
}
