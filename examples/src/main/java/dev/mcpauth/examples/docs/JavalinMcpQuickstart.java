package dev.mcpauth.examples.docs;

// tag::javalin-mcp[]
import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.javalin.JavalinMcpEndpoint;
import dev.mcpauth.javalin.McpAuthPlugin;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import io.javalin.Javalin;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * An MCP server on Javalin 7 protected by MCP Auth: the metadata plugin, the MCP endpoint mounted
 * behind the filter, tools with per-tool scopes, bound to loopback.
 */
public final class JavalinMcpQuickstart {
  private JavalinMcpQuickstart() {}

  /** Usage: JavalinMcpQuickstart ISSUER [PORT]. */
  public static void main(String[] args) {
    start(args[0], args.length > 1 ? Integer.parseInt(args[1]) : 3001);
  }

  /** Starts it on 127.0.0.1:{@code port}, trusting {@code issuer}. */
  public static Javalin start(String issuer, int port) {
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(
                        "http://localhost:" + port + "/mcp") // what clients call
                    .authorizationServer(AuthServerConfig.discover(issuer)) // as tokens say in iss
                    .scopesSupported("read:notes", "write:notes")
                    .build())
            .build();
    McpGate gate =
        mcpAuth
            .mcpGate(
                mcpAuth.bearerAuth("read:notes")) // every request needs a token with read:notes
            .tool("create_note", "write:notes") // this tool more: 403 insufficient_scope, step-up
            .build();

    HttpServletStatelessServerTransport transport =
        HttpServletStatelessServerTransport.builder()
            .messageEndpoint("/mcp")
            .contextExtractor(McpAuthContextExtractor.contextExtractor()) // AuthInfo to the tools
            .build();
    McpStatelessSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo("notes", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolCall(
                McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(),
                (context, call) -> {
                  AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
                  return McpSchema.CallToolResult.builder()
                      .addTextContent("hello " + who.subject().orElse(""))
                      .build();
                })
            .toolCall(
                McpSchema.Tool.builder("create_note", Map.of("type", "object")).build(),
                (context, call) ->
                    McpSchema.CallToolResult.builder().addTextContent("created").build())
            .build();

    return Javalin.create(
            config -> {
              config.jetty.host =
                  "127.0.0.1"; // loopback only: nothing else on the network reaches it
              // serves /.well-known/oauth-protected-resource/mcp, where the 401 points clients
              config.registerPlugin(new McpAuthPlugin(plugin -> plugin.mcpAuth = mcpAuth));
              // the MCP servlet behind the filter (Javalin's before-handlers never see a servlet)
              JavalinMcpEndpoint.mount(
                  config, "/mcp", transport, McpAuthFilter.builder(gate).build());
              config.events.serverStopped(mcp::close);
            })
        .start(port);
  }
}
// end::javalin-mcp[]
