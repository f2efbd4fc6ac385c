package dev.mcpauth.spring.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, without persistence (the approach of
 * mcpauth-redis's {@code LocalRedisServer}, reduced to what these tests need).
 */
final class RedisServerProcess implements AutoCloseable {
  /** Where the Debian package installs it; the tests run when it is there. */
  static final Path EXECUTABLE = Path.of("/usr/bin/redis-server");

  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(20);

  private final int port;
  private final Process process;

  private RedisServerProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Whether the tests run: redis-server is installed, or {@code -Dredis.tests=true} forces them
   * (then they fail with an install hint when it is missing).
   */
  static boolean available() {
    return Files.isExecutable(EXECUTABLE) || Boolean.getBoolean("redis.tests");
  }

  /** Starts it and waits until it answers {@code PING}. */
  static RedisServerProcess start() throws IOException, InterruptedException {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException(
          "these tests need a real Redis: apt-get install -y redis-server (.ci/run installs it)");
    }
    Path dir = Files.createTempDirectory("mcpauth-spring-redis");
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                EXECUTABLE.toString(),
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
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    RedisServerProcess redis = new RedisServerProcess(port, process);
    Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
    while (!redis.answersPing()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        redis.close();
        throw new IllegalStateException("redis-server did not start: " + dir.resolve("redis.log"));
      }
      Thread.sleep(20); // polling interval, not synchronisation: the loop waits on PONG
    }
    return redis;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[16];
      return in.read(reply) > 0 && reply[0] == '+';
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
