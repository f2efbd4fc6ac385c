package dev.mcpauth.examples;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port, for the demo's scale-out tests (the
 * trimmed launcher of mcpauth-redis's {@code LocalRedisServer}: plain, no TLS). Tests may {@link
 * #stop()} it to simulate an outage and {@link #start()} it again on the same port. Without {@code
 * /usr/bin/redis-server} it fails with a message saying how to install it.
 */
final class LocalRedis implements AutoCloseable {
  /** Where the Debian package installs it; the tests run when it is there. */
  static final Path EXECUTABLE = Path.of("/usr/bin/redis-server");

  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(20);

  private final Path directory;
  private final int port;
  private Process process;

  private LocalRedis(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  /**
   * Whether the Redis tests run: {@code redis-server} is installed, or {@code -Dredis.tests=true}
   * forces them (as in mcpauth-redis).
   */
  static boolean testsRun() {
    return Files.isExecutable(EXECUTABLE) || Boolean.getBoolean("redis.tests");
  }

  /** Starts a server and waits until it answers {@code PING}. */
  static LocalRedis startNew() throws Exception {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException(
          EXECUTABLE
              + " is missing. These tests need a real Redis: install it with"
              + " `apt-get install -y redis-server` (Debian/Ubuntu); .ci/run installs it.");
    }
    LocalRedis redis =
        new LocalRedis(Files.createTempDirectory("mcpauth-demo-redis"), DemoTest.freePort());
    redis.start();
    return redis;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on the same port and waits until it answers {@code PING}. */
  synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    File log = directory.resolve("redis.log").toFile();
    process =
        new ProcessBuilder(
                List.of(
                    EXECUTABLE.toString(),
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    directory.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
    while (!answersPing()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with "
                + process.exitValue()
                + ": "
                + Files.readString(log.toPath(), StandardCharsets.UTF_8));
      }
      if (Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "redis-server did not answer PING within " + STARTUP_DEADLINE);
      }
      Thread.sleep(20); // polling interval, not synchronisation: the loop waits on PONG
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL) and waits until the process is gone. */
  synchronized void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /**
   * How many clients are connected now, this query's own connection not counted ({@code INFO
   * clients}).
   */
  int connectedClients() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("INFO clients\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (!reply.toString().contains("connected_clients:")
          || !reply.substring(reply.indexOf("connected_clients:")).contains("\r\n")) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException("redis-server closed the connection: " + reply);
        }
        reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
      String rest = reply.substring(reply.indexOf("connected_clients:") + 18);
      return Integer.parseInt(rest.substring(0, rest.indexOf('\r')).trim()) - 1;
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[64];
      int n = in.read(reply);
      return n > 0 && reply[0] == '+';
    } catch (IOException e) {
      return false;
    }
  }
}
