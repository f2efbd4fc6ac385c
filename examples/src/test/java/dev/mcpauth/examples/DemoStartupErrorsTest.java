package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's start-up mistakes: each gets a one-line message, the usage hint and a non-zero exit
 * (the process really ends: nothing it started keeps it alive), and a resource path the demo does
 * not serve gets a warning but never a refusal.
 */
class DemoStartupErrorsTest {
  /** A bound for a process that should end within seconds; not a timing assertion. */
  private static final long DEADLINE_SECONDS = 90;

  @TempDir Path tmp;

  /**
   * Exit status and standard error of {@code java Main args}, or a failure if it is still running
   * at the deadline.
   */
  private String[] runMain(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    File err = tmp.resolve("stderr-" + System.nanoTime()).toFile();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err)
            .start();
    boolean ended = process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    assertThat(ended)
        .as(
            "the demo exits instead of hanging; stderr: %s",
            Files.readString(err.toPath(), StandardCharsets.UTF_8))
        .isTrue();
    return new String[] {
      String.valueOf(process.exitValue()), Files.readString(err.toPath(), StandardCharsets.UTF_8)
    };
  }

  @Test
  void aResourceThatIsNotAUrlEndsTheProcessWithOneLineAndTheUsageHint() throws Exception {
    String[] result = runMain("--port", "0", "--resource", "mcp");
    assertThat(result[0]).isNotEqualTo("0");
    List<String> lines = result[1].lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("error: invalid_server_config: ").contains("mcp");
    assertThat(lines.get(1)).isEqualTo(Main.USAGE_HINT);
  }

  @Test
  void anUnreachableRedisEndsTheProcessWithOneLineAndNeverShowsThePassword() throws Exception {
    int nothing = DemoTest.freePort();
    String[] result =
        runMain("--port", "0", "--store", "redis://:s3cret@127.0.0.1:" + nothing + "/0");
    assertThat(result[0]).isEqualTo("1");
    List<String> lines = result[1].lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines)
        .containsExactly(
            "error: --store: Redis at redis://***@127.0.0.1:"
                + nothing
                + "/0 is unreachable (or refused the credentials): start it, or fix --store",
            Main.USAGE_HINT);
    assertThat(result[1]).doesNotContain("s3cret");
  }

  @Test
  void aStoreThatIsNotARedisUrlEndsTheProcessWithOneLine() throws Exception {
    String[] result = runMain("--port", "0", "--store", "http://user:s3cret@localhost:6379");
    assertThat(result[0]).isEqualTo("1");
    List<String> lines = result[1].lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("error: --store http://***@localhost:6379 is not memory or a Redis URL")
        .doesNotContain("s3cret");
  }

  @Test
  void aPortInUseEndsTheProcessNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String port = String.valueOf(taken.getLocalPort());
      String[] result = runMain("--port", port, "--adapter", "undertow");
      assertThat(result[0]).isNotEqualTo("0");
      assertThat(result[1])
          .contains("error: port " + port + " on 127.0.0.1 is already in use", Main.USAGE_HINT)
          .doesNotContain("\tat ");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"javalin", "undertow", "servlet"})
  void aPortInUseIsOneLineOnEveryAdapter(String adapter) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Demo.StartFailure failure =
          catchThrowableOfType(
              Demo.StartFailure.class,
              () ->
                  Demo.start(
                      DemoOptions.parse(
                          List.of(
                              "--port",
                              String.valueOf(taken.getLocalPort()),
                              "--adapter",
                              adapter))));
      assertThat(failure.getMessage())
          .isEqualTo(
              "port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is already in use: stop what listens there, or choose another with --port");
    }
  }

  @Test
  void aBadAllowedOriginIsOneLine() {
    Demo.StartFailure failure =
        catchThrowableOfType(
            Demo.StartFailure.class,
            () ->
                Demo.start(
                    DemoOptions.parse(
                        List.of("--port", "0", "--allowed-origin", "localhost:6274"))));
    assertThat(failure.getMessage()).contains("localhost:6274").doesNotContain("\n");
  }

  @Test
  void aResourcePathTheDemoDoesNotServeIsWarnedAboutAndTheDemoRuns() throws Exception {
    int port = DemoTest.freePort();
    String resource = "http://localhost:" + port + "/api/mcp";
    OkHttpClient http = new OkHttpClient();
    try (Demo demo =
        Demo.start(
            DemoOptions.parse(List.of("--port", String.valueOf(port), "--resource", resource)))) {
      assertThat(demo.warnings())
          .containsExactly(
              "--resource "
                  + resource
                  + " has path \"/api/mcp\" but this demo"
                  + " serves MCP at /mcp: fine behind a proxy that maps one to the other, otherwise clients will not find the server");
      try (Response r =
          http.newCall(
                  new Request.Builder()
                      .url(
                          "http://localhost:"
                              + port
                              + "/.well-known/oauth-protected-resource/api/mcp")
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
    // another origin (a reverse proxy in front) is legitimate: no warning, no refusal
    try (Demo demo =
        Demo.start(
            DemoOptions.parse(
                List.of("--port", "0", "--resource", "https://mcp.example.com/mcp")))) {
      assertThat(demo.warnings()).isEmpty();
      try (Response r =
          http.newCall(
                  new Request.Builder().url("http://localhost:" + demo.port() + "/notes").build())
              .execute()) {
        assertThat(r.code()).isEqualTo(401);
      }
    }
  }

  @Test
  void theWarningLooksAtThePathOnly() {
    assertThat(Demo.resourcePathWarning("https://proxy.example/mcp")).isEmpty();
    assertThat(Demo.resourcePathWarning("http://localhost:3001/")).hasSize(1);
  }
}
