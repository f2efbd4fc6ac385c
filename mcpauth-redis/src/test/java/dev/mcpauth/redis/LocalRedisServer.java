package dev.mcpauth.redis;

import java.io.File;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} process on a free loopback port, started before the test class and
 * stopped after it (register with {@code @RegisterExtension static final LocalRedisServer redis = ...}),
 * or started before and stopped after each test (register it on an instance field).
 * Without {@code redis-server} on the {@code PATH} the tests FAIL with a message saying how to install
 * it: they never pass or skip without a Redis. Tests may {@link #stop()} it to simulate an outage,
 * {@link #pause()} it to simulate a server that does not answer, and {@link #start()} it again on the
 * same port.
 */
public final class LocalRedisServer
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(20);

  private final List<String> extraArguments;
  private final boolean tls;
  private final String searchPath;
  private Path executable;
  private Path directory;
  private int port;
  private Process process;
  private Thread shutdownHook;
  private boolean perTest;

  /** A plain server: no password, no persistence. */
  public LocalRedisServer() {
    this(List.of(), false);
  }

  private LocalRedisServer(List<String> extraArguments, boolean tls) {
    this(extraArguments, tls, System.getenv("PATH"));
  }

  private LocalRedisServer(List<String> extraArguments, boolean tls, String searchPath) {
    this.extraArguments = List.copyOf(extraArguments);
    this.tls = tls;
    this.searchPath = searchPath;
  }

  /** A server looked up on this search path instead of {@code PATH} (to test the missing case). */
  static LocalRedisServer searchingOnly(String searchPath) {
    return new LocalRedisServer(List.of(), false, searchPath);
  }

  /** A server with extra {@code redis-server} arguments (for example {@code --requirepass}). */
  public static LocalRedisServer withArguments(String... arguments) {
    return new LocalRedisServer(List.of(arguments), false);
  }

  /**
   * A server that speaks only TLS, with a self-signed certificate for {@code 127.0.0.1} made by
   * {@code openssl} ({@link #certificate()}).
   */
  public static LocalRedisServer withTls() {
    return new LocalRedisServer(List.of(), true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    setUp();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    tearDown();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (executable == null) {
      perTest = true;
      setUp();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (perTest) {
      tearDown();
      executable = null;
    }
  }

  private void setUp() throws Exception {
    executable =
        findOnPath(searchPath, "redis-server")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "redis-server is not on the PATH. These tests need a real Redis: install it"
                            + " with `apt-get install -y redis-server` (Debian/Ubuntu) or"
                            + " `brew install redis`; .ci/run installs it."));
    directory = Files.createTempDirectory("mcpauth-redis-test");
    port = freeLoopbackPort();
    if (tls) {
      makeCertificate();
    }
    shutdownHook = new Thread(this::destroyQuietly, "stop-redis-server");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    start();
  }

  private void tearDown() throws Exception {
    try {
      stop();
    } finally {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }
  }

  /**
   * Options for tests that are not about timeouts: a command timeout of 5 s instead of 250 ms, so that
   * a loaded CI machine does not turn a slow answer into a failure.
   */
  public static RedisStores.Builder patient(RedisStores.Builder builder) {
    return builder.commandTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(10));
  }

  /** {@code redis://127.0.0.1:<port>}, or {@code rediss://...} for a TLS server. */
  public String uri() {
    return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
  }

  /** The PEM certificate of a TLS server (self-signed, for IP address 127.0.0.1). */
  public Path certificate() {
    return directory.resolve("cert.pem");
  }

  /** The loopback port. */
  public int port() {
    return port;
  }

  /** Starts the server (again) on the same port and waits until it answers {@code PING}. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--dir", directory.toString()));
    if (tls) {
      command.addAll(
          List.of(
              "--port", "0",
              "--tls-port", Integer.toString(port),
              "--tls-cert-file", certificate().toString(),
              "--tls-key-file", directory.resolve("key.pem").toString(),
              "--tls-ca-cert-file", certificate().toString(),
              "--tls-auth-clients", "no"));
    }
    command.addAll(extraArguments);
    File log = directory.resolve("redis.log").toFile();
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
    while (!(tls ? listens() : answersPing())) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + ": " + Files.readString(log.toPath()));
      }
      if (Instant.now().isAfter(deadline)) {
        destroyQuietly();
        throw new IllegalStateException("redis-server did not answer PING within " + STARTUP_DEADLINE);
      }
      Thread.sleep(20); // polling interval, not synchronisation: the loop waits on PONG
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL) and waits until the process is gone. */
  public synchronized void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    resume();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  public synchronized void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a {@linkplain #pause() frozen} server go on (SIGCONT). */
  public synchronized void resume() throws InterruptedException {
    try {
      signal("CONT");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void signal(String name) throws IOException, InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " failed");
    }
  }

  private void destroyQuietly() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  private boolean listens() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void makeCertificate() throws IOException, InterruptedException {
    Path openssl =
        findOnPath(System.getenv("PATH"), "openssl")
            .orElseThrow(() -> new IllegalStateException("openssl is not on the PATH (TLS test)"));
    Process p =
        new ProcessBuilder(
                openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", directory.resolve("key.pem").toString(),
                "-out", certificate().toString(),
                "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("openssl.log").toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl could not make a test certificate");
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
      // "+PONG", or "-NOAUTH ..." from a server with a password: either way it is up.
      return n > 0 && (reply[0] == '+' || reply[0] == '-');
    } catch (IOException e) {
      return false;
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Optional<Path> findOnPath(String path, String name) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
