package dev.mcpauth.examples;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.McpGate;
import dev.mcpauth.McpScopePolicy;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.ScopeToolFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import java.util.Map;

/**
 * The notes MCP server: its tools and which scopes they need, independent of the HTTP stack. Runs on
 * any stateless transport (the servlet one inside Javalin, the Undertow one).
 */
public final class NotesMcpServer {
  /** {@code list_notes} needs {@code read:notes}, {@code create_note} needs {@code write:notes}. */
  public static final McpScopePolicy SCOPES = McpScopePolicy.builder()
      .tool("list_notes", "read:notes")
      .tool("create_note", "write:notes")
      .build();

  private static final Gson GSON = new Gson();

  private NotesMcpServer() {}

  /** Builds the MCP server on {@code transport}, listing every tool. */
  public static McpStatelessSyncServer start(McpStatelessServerTransport transport, McpGate gate, NoteStore notes) {
    return start(transport, gate, notes, false);
  }

  /**
   * Builds the MCP server on {@code transport}. With {@code hideTools}, tools/list shows only the tools
   * the caller's token can call: tidier, but a client never learns of a hidden tool, so it never asks
   * for that tool's scope (no step-up), and the list differs per caller (never cache it as public).
   */
  public static McpStatelessSyncServer start(McpStatelessServerTransport transport, McpGate gate, NoteStore notes,
      boolean hideTools) {
    McpServer.StatelessSyncSpecification spec = McpServer.sync(transport)
        .serverInfo("notes", "1.0.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build());
    if (hideTools) {
      spec.toolFilters(filters -> filters.add(new ScopeToolFilter(gate)));
    }
    return spec
        .toolCall(tool("whoami", "Who is calling: subject, client id, scopes and issuer.", Map.of()),
            (context, call) -> {
              AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
              JsonObject json = new JsonObject();
              json.addProperty("subject", who.subject().orElse(null));
              json.addProperty("client_id", who.clientId().orElse(null));
              json.add("scopes", GSON.toJsonTree(who.scopes()));
              json.addProperty("issuer", who.issuer());
              return text(json.toString());
            })
        .toolCall(tool("add", "Adds two numbers.", Map.of(
                "a", Map.of("type", "number"), "b", Map.of("type", "number"))),
            (context, call) -> text(String.valueOf(number(call, "a") + number(call, "b"))))
        .toolCall(tool("list_notes", "Lists the notes (needs read:notes).", Map.of()),
            (context, call) -> text(GSON.toJson(Map.of("notes", notes.all()))))
        .toolCall(tool("create_note", "Creates a note (needs write:notes).", Map.of("text", Map.of("type", "string"))),
            (context, call) -> text("created note " + notes.add(String.valueOf(call.arguments().get("text")))))
        .build();
  }

  private static McpSchema.Tool tool(String name, String description, Map<String, Object> properties) {
    return McpSchema.Tool.builder(name, Map.of("type", "object", "properties", properties))
        .description(description).build();
  }

  private static double number(McpSchema.CallToolRequest call, String name) {
    Object v = call.arguments().get(name);
    return v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(String.valueOf(v));
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text))).build();
  }
}
