package dev.mcpauth.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on a free loopback port for a benchmark run (no
 * persistence), unless the system property {@code mcpauth.bench.redis} names a server to use
 * instead ({@code -jvmArgsAppend -Dmcpauth.bench.redis=redis://host:6379}).
 */
final class BenchmarkRedisServer implements AutoCloseable {
  private final String uri;
  private final Process process;

  private BenchmarkRedisServer(String uri, Process process) {
    this.uri = uri;
    this.process = process;
  }

  static BenchmarkRedisServer startOrUseConfigured() throws IOException, InterruptedException {
    String configured = System.getProperty("mcpauth.bench.redis");
    if (configured != null && !configured.isBlank()) {
      return new BenchmarkRedisServer(configured, null);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path dir = Files.createTempDirectory("mcpauth-bench-redis");
    Process process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "redis.log")))
            .start();
    // A trial whose setup fails after this point gets no teardown: the fork's exit still stops
    // Redis.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-bench-redis"));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!listens(port)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not start (is it on the PATH?)");
      }
      Thread.sleep(20);
    }
    return new BenchmarkRedisServer("redis://127.0.0.1:" + port, process);
  }

  String uri() {
    return uri;
  }

  private static boolean listens(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
