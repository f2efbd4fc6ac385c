package dev.mcpauth.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import io.javalin.Javalin;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Javalin wiring says at startup must be true (issue #24, item 12): the supported wiring
 * (plugin plus {@link JavalinMcpEndpoint#mount}) logs what it protects and no warning; a missing
 * plugin is reported with a fix that works with {@code mount}.
 */
class JavalinWiringLogTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void captureLog() {
    original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setErr(original);
  }

  private String log() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private void start(boolean plugin) throws IOException {
    int port = freePort();
    String resource = "http://127.0.0.1:" + port + "/mcp";
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(resource)
                    .authorizationServer(
                        AuthServerConfig.discover("https://as.example", AuthServerConfig.Type.OIDC))
                    .build())
            .build();
    McpGate gate = mcpAuth.mcpGate(mcpAuth.bearerAuth()).build();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .sessionSweepInterval(null)
            .build();
    Javalin app =
        Javalin.create(
            config -> {
              config.jetty.host = "127.0.0.1";
              if (plugin) {
                config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth));
              }
              JavalinMcpEndpoint.mount(
                  config, "/mcp", transport, McpAuthFilter.builder(gate).build());
            });
    try {
      app.start(port);
    } finally {
      app.stop();
      mcpAuth.close();
    }
  }

  @Test
  void theSupportedWiringLogsWhatItProtectsAndNoWarning() throws Exception {
    start(true);
    assertThat(log())
        .contains(
            "MCP Auth protects the MCP endpoint at [/mcp] as resource http://127.0.0.1:",
            "trusting issuers [https://as.example]")
        .doesNotContain("cannot find the authorization server")
        .doesNotContain("WARN");
  }

  @Test
  void aMissingPluginIsReportedWithAFixThatWorksWithMount() throws Exception {
    start(false);
    assertThat(log())
        .contains("cannot find the authorization server")
        .contains("config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth))")
        .doesNotContain("McpAuthFilter.builder(gate).serveMetadata(mcpAuth) on /*");
  }
}
