package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.TestAuthorizationServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A {@code mcpauth.resource} whose path is not the MCP endpoint, or whose loopback port is not the
 * application's, is warned about at startup (issue 29 section 3); a proxied origin is not.
 */
class ResourceAddressCheckTest {

  @Test
  void warningsWhenAResourceNamesAnotherPathOrAnotherLoopbackPort() {
    assertThat(ResourceAddressCheck.warnings("http://localhost:8080/mcp", 8080, "/mcp")).isEmpty();
    assertThat(ResourceAddressCheck.warnings("http://localhost:3000/mcp", 8080, "/mcp"))
        .containsExactly(
            "mcpauth.resource http://localhost:3000/mcp names port 3000 but this application"
                + " listens on port 8080 (server.port): clients that follow the resource's URL will"
                + " not reach it; set mcpauth.resource to http://localhost:8080/mcp");
    assertThat(ResourceAddressCheck.warnings("http://127.0.0.1:8080/api/mcp", 8080, "/mcp"))
        .containsExactly(
            "mcpauth.resource http://127.0.0.1:8080/api/mcp has path \"/api/mcp\" but this"
                + " application serves MCP at \"/mcp\""
                + " (spring.ai.mcp.server.streamable-http.mcp-endpoint): fine behind a proxy that"
                + " maps one to the other, otherwise clients will not find the server");
    assertThat(ResourceAddressCheck.warnings("http://localhost/mcp", 8080, "/mcp"))
        .singleElement()
        .asString()
        .contains("names port 80 but this application listens on port 8080");
    // behind a proxy the origin differs by design: only the path is compared
    assertThat(ResourceAddressCheck.warnings("https://notes.example.com/mcp", 8080, "/mcp"))
        .isEmpty();
    assertThat(ResourceAddressCheck.warnings("not a uri", 8080, "/mcp")).isEmpty();
  }

  @Test
  void anApplicationWhoseResourceNamesAnotherPortIsWarnedAboutAtStartup() throws Exception {
    int port = NotesApp.freePort();
    String resource = "http://127.0.0.1:" + (port == 65535 ? port - 1 : port + 1) + "/mcp";
    try (TestAuthorizationServer as =
        new TestAuthorizationServer(resource, List.of("read:notes"))) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
      p.put("mcpauth.resource", resource);
      p.put("mcpauth.authorization-servers[0].issuer", as.issuer());
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
      System.setOut(both);
      System.setErr(both);
      try (ConfigurableApplicationContext app = NotesApp.start("webmvc", port, p)) {
        assertThat(app.isRunning()).isTrue();
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
      assertThat(captured.toString(StandardCharsets.UTF_8))
          .contains(
              "mcpauth.resource "
                  + resource
                  + " names port "
                  + (port == 65535 ? port - 1 : port + 1)
                  + " but this application listens on port "
                  + port);
    }
  }
}
