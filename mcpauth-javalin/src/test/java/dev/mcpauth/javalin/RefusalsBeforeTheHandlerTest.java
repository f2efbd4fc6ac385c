package dev.mcpauth.javalin;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.RefusalsBeforeTheHandlerContract;
import io.javalin.Javalin;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What only an adapter-level setup can observe (issue 14 item 10, issue 19 items 3 and 6) on
 * Javalin: a refused request never reaches the MCP servlet mounted with {@link JavalinMcpEndpoint}
 * (a counting servlet), and a CORS preflight never runs a protected route, not even its own {@code
 * OPTIONS} handler, behind {@link JavalinMcpAuth#bearerAuth} as a {@code before} handler. The
 * HTTP-observable behaviour of these and the other review findings runs against every demo server
 * in the cross-stack adversarial suite ({@code examples}: {@code AdversarialSuite}).
 */
class RefusalsBeforeTheHandlerTest extends RefusalsBeforeTheHandlerContract {
  private static final String UNICODE_TOOL = "grüße_日本";

  private McpAuth mcpAuth;
  private McpSyncServer mcpServer;
  private Javalin app;

  @BeforeEach
  void start() throws Exception {
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    resource = base + "/mcp";
    as = new FakeAuthorizationServer();
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(resource)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                    .scopesSupported("mcp:read", "mcp:write")
                    .build())
            .build();
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth("mcp:read"))
            .allowedOrigins("https://app.test")
            .tool("create_note", "mcp:write")
            .build();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .contextExtractor(McpAuthContextExtractor.contextExtractor())
            .sessionSweepInterval(null)
            .build();
    mcpServer =
        McpServer.sync(transport)
            .serverInfo("hardening", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .strictToolNameValidation(
                false) // MCP 2026-07-28 names may be non-ASCII (sent Base64 in Mcp-Name)
            .toolCall(tool(UNICODE_TOOL), (exchange, call) -> text("hello from " + UNICODE_TOOL))
            .toolCall(tool("create_note"), (exchange, call) -> text("created"))
            .build();
    HttpServlet counted =
        new HttpServlet() {
          private static final long serialVersionUID = 1L;

          @Override
          public void service(ServletRequest req, ServletResponse res)
              throws ServletException, IOException {
            handlerCalls.incrementAndGet();
            transport.service(req, res);
          }
        };
    app =
        Javalin.create(
                config -> {
                  config.jetty.host = "127.0.0.1";
                  config.registerPlugin(new McpAuthPlugin(p -> p.mcpAuth = mcpAuth));
                  config.routes.before(
                      "/notes", JavalinMcpAuth.bearerAuth(mcpAuth.bearerAuth("mcp:read")));
                  config.routes.get(
                      "/notes",
                      ctx -> {
                        protectedRouteCalls.incrementAndGet();
                        ctx.result("secret notes");
                      });
                  config.routes.options(
                      "/notes",
                      ctx -> {
                        protectedRouteCalls.incrementAndGet();
                        ctx.result("secret notes");
                      });
                  JavalinMcpEndpoint.mount(
                      config, "/mcp", counted, McpAuthFilter.builder(gate).build());
                })
            .start(port);
  }

  @AfterEach
  void stop() {
    app.stop();
    mcpServer.close();
    mcpAuth.close();
    as.close();
  }

  @Override
  protected boolean sessions() {
    return true;
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder(name, Map.of("type", "object")).build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
