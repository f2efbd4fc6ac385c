package dev.mcpauth.undertow;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.RefusalsBeforeTheHandlerContract;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What only an adapter-level setup can observe (issue 14 item 10, issue 19 items 3 and 6) on plain
 * Undertow: a refused request never runs a tool of {@link McpUndertowHandler} (counting tools), and
 * a CORS preflight never runs the route behind {@link BearerAuthHandler}. The HTTP-observable
 * behaviour of these and the other review findings runs against every demo server in the
 * cross-stack adversarial suite ({@code examples}: {@code AdversarialSuite}).
 */
class RefusalsBeforeTheHandlerTest extends RefusalsBeforeTheHandlerContract {
  private static final String UNICODE_TOOL = "grüße_日本";

  private McpAuth mcpAuth;
  private McpStatelessSyncServer mcpServer;
  private Undertow server;

  @BeforeEach
  void start() throws Exception {
    int port = UndertowAdapterTest.freePort();
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
    McpUndertowHandler transport = new McpUndertowHandler(gate);
    mcpServer =
        McpServer.sync(transport)
            .serverInfo("hardening", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .strictToolNameValidation(
                false) // MCP 2026-07-28 names may be non-ASCII (sent Base64 in Mcp-Name)
            .toolCall(
                tool(UNICODE_TOOL),
                (context, call) -> {
                  handlerCalls.incrementAndGet();
                  return text("hello from " + UNICODE_TOOL);
                })
            .toolCall(
                tool("create_note"),
                (context, call) -> {
                  handlerCalls.incrementAndGet();
                  return text("created");
                })
            .build();
    server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                new ProtectedResourceMetadataHandler(
                    mcpAuth,
                    Handlers.path()
                        .addExactPath("/mcp", transport)
                        .addExactPath(
                            "/notes",
                            new BearerAuthHandler(
                                mcpAuth.bearerAuth("mcp:read"),
                                exchange -> {
                                  protectedRouteCalls.incrementAndGet();
                                  exchange.getResponseSender().send("secret notes");
                                }))))
            .build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    mcpServer.close();
    mcpAuth.close();
    as.close();
  }

  @Override
  protected boolean sessions() {
    return false;
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder(name, Map.of("type", "object")).build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }
}
