package dev.mcpauth.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged demo ({@code java -jar mcpauth-spring-demo.jar}, built in {@code package}) starts
 * with its embedded development authorization server and serves {@code /notes} to a token from it:
 * the jar carries every runtime dependency the tests' class path happens to provide.
 */
class SpringDemoJarIT {
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(90);

  @Test
  void theJarStartsWithItsAuthorizationServerAndServesNotes() throws Exception {
    Path jar = Path.of(System.getProperty("demo.jar", "target/mcpauth-spring-demo.jar"));
    assertThat(jar).as("the demo jar (built in the package phase)").exists();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("spring-demo", ".log");
    Process demo =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    jar.toString(),
                    "--port",
                    String.valueOf(port)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      String banner = awaitStarted(demo, log);
      Matcher tokenEndpoint = Pattern.compile("(http://localhost:\\d+/dev/token)").matcher(banner);
      assertThat(tokenEndpoint.find()).as(banner).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://localhost:" + port;
      HttpResponse<String> token =
          http.send(
              HttpRequest.newBuilder(URI.create(tokenEndpoint.group(1)))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString("jar-it:secret".getBytes(StandardCharsets.UTF_8)))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "grant_type=client_credentials&scope=read:notes&resource="
                              + base
                              + "/mcp"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      Matcher accessToken =
          Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
      assertThat(accessToken.find()).isTrue();
      HttpResponse<String> notes =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/notes"))
                  .header("Authorization", "Bearer " + accessToken.group(1))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(notes.statusCode()).isEqualTo(200);
      assertThat(notes.body()).contains("Welcome to MCP Auth for Java.");
    } finally {
      demo.destroy();
      if (!demo.waitFor(20, TimeUnit.SECONDS)) {
        demo.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The output up to the "Started in" line; fails when the process exits or the deadline passes.
   */
  private static String awaitStarted(Process demo, Path log)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
    while (true) {
      String output = Files.readString(log);
      if (output.contains("Started in")) {
        return output;
      }
      assertThat(demo.isAlive()).as("the demo exited:\n" + output).isTrue();
      assertThat(Instant.now()).as("the demo did not start:\n" + output).isBefore(deadline);
      Thread.sleep(100); // polling interval: the loop waits on the banner
    }
  }
}
