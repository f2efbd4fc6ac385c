package dev.mcpauth.examples;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.ScopeToolFilter;
import dev.mcpauth.undertow.McpUndertowHandler;
import dev.mcpauth.undertow.ProtectedResourceMetadataHandler;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "todo manager" RBAC tutorial on plain Undertow: {@code create-todo} needs {@code
 * create:todos} (refused with 403 and a step-up challenge otherwise); {@code get-todos} shows
 * everyone's todos with {@code read:todos} and only your own without it; {@code delete-todo}
 * deletes your own, or anyone's with {@code delete:todos}. An admin role gets all three scopes; a
 * user gets {@code create:todos}.
 */
public final class TodoManagerServer implements AutoCloseable {
  private final Undertow server;
  private final McpStatelessSyncServer mcp;
  private final McpAuth mcpAuth;
  private final Map<String, String[]> todos = new LinkedHashMap<>(); // id -> {owner, text}
  private final AtomicInteger ids = new AtomicInteger();

  /** Starts on 127.0.0.1:{@code port}, trusting {@code authorizationServer}. */
  public TodoManagerServer(AuthServerConfig authorizationServer, int port) {
    String resource = "http://localhost:" + port + "/mcp";
    mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(resource)
                    .authorizationServer(authorizationServer)
                    .scopesSupported("create:todos", "read:todos", "delete:todos")
                    .build())
            .build();
    McpGate gate =
        mcpAuth.mcpGate(mcpAuth.bearerAuth()).tool("create-todo", "create:todos").build();
    McpUndertowHandler transport = new McpUndertowHandler(gate);
    mcp =
        McpServer.sync(transport)
            .serverInfo("todo-manager", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolFilters(filters -> filters.add(new ScopeToolFilter(gate)))
            .toolCall(
                tool("create-todo", Map.of("content", Map.of("type", "string"))),
                (context, call) -> {
                  AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
                  String id = String.valueOf(ids.incrementAndGet());
                  synchronized (todos) {
                    todos.put(
                        id,
                        new String[] {
                          who.subject().orElseThrow(),
                          String.valueOf(call.arguments().get("content"))
                        });
                  }
                  return text("created todo " + id);
                })
            .toolCall(
                tool("get-todos", Map.of()),
                (context, call) -> {
                  AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
                  boolean all = who.hasScope("read:todos");
                  List<String> visible = new ArrayList<>();
                  synchronized (todos) {
                    todos.forEach(
                        (id, todo) -> {
                          if (all || todo[0].equals(who.subject().orElse(""))) {
                            visible.add(id + ":" + todo[1]);
                          }
                        });
                  }
                  return text(String.join("\n", visible));
                })
            .toolCall(
                tool("delete-todo", Map.of("id", Map.of("type", "string"))),
                (context, call) -> {
                  AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
                  String id = String.valueOf(call.arguments().get("id"));
                  synchronized (todos) {
                    String[] todo = todos.get(id);
                    if (todo == null) {
                      return error("no todo " + id);
                    }
                    if (!todo[0].equals(who.subject().orElse(""))
                        && !who.hasScope("delete:todos")) {
                      return error("you may delete only your own todos");
                    }
                    todos.remove(id);
                  }
                  return text("deleted todo " + id);
                })
            .build();
    server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                new ProtectedResourceMetadataHandler(
                    mcpAuth, Handlers.path().addExactPath("/mcp", transport)))
            .build();
    server.start();
  }

  private static McpSchema.Tool tool(String name, Map<String, Object> properties) {
    return McpSchema.Tool.builder(name, Map.of("type", "object", "properties", properties)).build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  private static McpSchema.CallToolResult error(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).isError(true).build();
  }

  @Override
  public void close() {
    server.stop();
    mcp.close();
    mcpAuth.close();
  }

  /** The command line: {@code [port] [issuer]}. */
  static final String USAGE =
      "Usage: java -cp mcpauth-examples.jar dev.mcpauth.examples.TodoManagerServer [port] [issuer]";

  /**
   * Runs it until the JVM stops: on {@code port} (3003 by default), trusting the OpenID provider
   * {@code issuer}, or an embedded development authorization server when none is given.
   */
  public static void main(String[] args) throws Exception {
    int port;
    try {
      port = args.length > 0 ? Integer.parseInt(args[0]) : 3003;
    } catch (NumberFormatException e) {
      System.err.println("error: the port must be a number, got \"" + args[0] + "\"");
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    String resource = "http://localhost:" + port + "/mcp";
    DevAuthorizationServer dev = args.length > 1 ? null : DevAuthorizationServer.start(0, resource);
    String issuer = args.length > 1 ? args[1] : dev.issuer();
    TodoManagerServer server = new TodoManagerServer(AuthServerConfig.discover(issuer), port);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (dev != null) {
                    dev.close();
                  }
                }));
    System.out.println(banner(resource, issuer, dev == null ? null : dev.tokenEndpoint()));
  }

  /** What to try: tokens for a user and an admin from the embedded server, and one call each. */
  static String banner(String resource, String issuer, String devTokenEndpoint) {
    StringBuilder b = new StringBuilder();
    b.append("todo manager MCP server on ").append(resource).append('\n');
    b.append("trusting ").append(issuer).append('\n');
    if (devTokenEndpoint != null) {
      b.append("tokens from the embedded development authorization server (the client id is the")
          .append(" user):\n");
      for (String[] who :
          new String[][] {
            {"ALICE", "alice", "create:todos"},
            {"ADMIN", "admin", "create:todos" + " read:todos delete:todos"}
          }) {
        b.append("  ")
            .append(who[0])
            .append("=$(curl -s -u ")
            .append(who[1])
            .append(":secret -d grant_type=client_credentials -d 'scope=")
            .append(who[2])
            .append("' -d resource=")
            .append(resource)
            .append(' ')
            .append(devTokenEndpoint)
            .append(" | grep -o '\"access_token\" *: *\"[^\"]*\"' | cut -d'\"' -f4)\n");
      }
    }
    b.append("  curl -s -H \"Authorization: Bearer $ALICE\" -H 'Content-Type: application/json'")
        .append(" -H 'Accept: application/json, text/event-stream' \\\n")
        .append("    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":")
        .append("{\"name\":\"create-todo\",\"arguments\":{\"content\":\"milk\"}}}' ")
        .append(resource);
    return b.toString();
  }
}
