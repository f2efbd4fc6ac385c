package dev.mcpauth.examples;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthenticationRequirement;
import dev.mcpauth.ClaimRule;
import dev.mcpauth.McpAccess;
import dev.mcpauth.McpGate;
import dev.mcpauth.OperationScopes;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.ScopeToolFilter;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The notes MCP server: its tools, its resource template and its prompt, and which scopes they
 * need, independent of the HTTP stack. Runs on any stateless transport (the servlet one inside
 * Javalin, the Undertow one).
 */
public final class NotesMcpServer {
  /** The resource template of one note: {@code notes://1} is the first note. */
  public static final String NOTE_TEMPLATE = "notes://{id}";

  /** The prompt that drafts a note for {@code create_note}. */
  public static final String DRAFT_NOTE = "draft_note";

  /** The scope reading a private note needs, on top of {@code read:notes}. */
  public static final String READ_PRIVATE = "read:private-notes";

  /** How recently a user must have signed in, with {@code acr} {@code mfa}, to purge notes. */
  public static final Duration PURGE_MAX_AGE = Duration.ofSeconds(300);

  /** The role {@code audit_log} needs in the token's {@code roles} claim. */
  public static final String AUDITOR_ROLE = "notes-admin";

  /**
   * What each operation needs, on top of the endpoint's baseline {@code read:notes}:
   *
   * <ul>
   *   <li>{@code list_notes} and reading {@code notes://{id}}: {@code read:notes}; {@code
   *       read_note} and {@code notes://{id}} of a private note (note 2): also {@code
   *       read:private-notes}, decided from the request's {@code id} before the tool runs;
   *   <li>{@code create_note} and the {@code draft_note} prompt: {@code write:notes} ({@code
   *       draft_note}'s only use is to create a note, so {@code prompts/get} shows the same step-up
   *       as {@code tools/call create_note});
   *   <li>{@code purge_notes}: {@code write:notes} and a sign-in with {@code acr} {@code mfa} at
   *       most 300 s ago (RFC 9470);
   *   <li>{@code audit_log}: the role {@code notes-admin} in the {@code roles} claim;
   *   <li>{@code export_notes}: {@code read:notes}, and its handler asks for {@code
   *       read:private-notes} mid-call when it finds a private note.
   * </ul>
   */
  public static McpGate.Builder scopes(McpGate.Builder gate, NoteStore notes) {
    OperationScopes privateNote =
        (operation, caller) -> {
          Optional<String> id =
              operation.method().equals("tools/call")
                  ? operation.argument("id")
                  : operation.variable("id");
          return id.filter(notes::isPrivate).isPresent() ? List.of(READ_PRIVATE) : List.of();
        };
    return gate.tool("list_notes", "read:notes")
        .tool("create_note", "write:notes")
        .resourceTemplate(NOTE_TEMPLATE, "read:notes")
        .resourceTemplate(NOTE_TEMPLATE, privateNote)
        .tool("read_note", "read:notes")
        .tool("read_note", privateNote)
        .tool(
            "purge_notes",
            McpAccess.builder()
                .scopes("write:notes")
                .authentication(AuthenticationRequirement.acr("mfa").withMaxAge(PURGE_MAX_AGE))
                .build())
        .tool(
            "audit_log",
            McpAccess.builder().claim(ClaimRule.claim("roles").contains(AUDITOR_ROLE)).build())
        .tool("export_notes", "read:notes")
        .prompt(DRAFT_NOTE, "write:notes");
  }

  private static final Gson GSON = new Gson();

  private NotesMcpServer() {}

  /** Builds the MCP server on {@code transport}, listing every tool. */
  public static McpStatelessSyncServer start(
      McpStatelessServerTransport transport, McpGate gate, NoteStore notes) {
    return start(transport, gate, notes, false);
  }

  /**
   * Builds the MCP server on {@code transport}. With {@code hideTools}, tools/list shows only the
   * tools the caller's token can call: tidier, but a client never learns of a hidden tool, so it
   * never asks for that tool's scope (no step-up), and the list differs per caller (never cache it
   * as public).
   */
  public static McpStatelessSyncServer start(
      McpStatelessServerTransport transport, McpGate gate, NoteStore notes, boolean hideTools) {
    return start(transport, gate, notes, hideTools, Optional.empty());
  }

  /**
   * Same, with the tool {@code whoami_downstream} when {@code downstream} is present (see {@link
   * #whoamiDownstream}).
   */
  public static McpStatelessSyncServer start(
      McpStatelessServerTransport transport,
      McpGate gate,
      NoteStore notes,
      boolean hideTools,
      Optional<DownstreamApi> downstream) {
    McpServer.StatelessSyncSpecification spec =
        McpServer.sync(transport)
            .serverInfo("notes", "1.0.0")
            .capabilities(
                McpSchema.ServerCapabilities.builder()
                    .tools(true)
                    .resources(false, false)
                    .prompts(false)
                    .build());
    if (hideTools) {
      spec.toolFilters(filters -> filters.add(new ScopeToolFilter(gate)));
    }
    spec.resourceTemplates(noteResource(notes)).prompts(draftNotePrompt());
    downstream.ifPresent(api -> whoamiDownstream(spec, api));
    AuditedTools tools = new AuditedTools(spec, notes);
    return tools
        .toolCall(
            tool("whoami", "Who is calling: subject, client id, scopes and issuer.", Map.of()),
            (context, call) -> {
              AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
              JsonObject json = new JsonObject();
              json.addProperty("subject", who.subject().orElse(null));
              json.addProperty("client_id", who.clientId().orElse(null));
              json.add("scopes", GSON.toJsonTree(who.scopes()));
              json.addProperty("issuer", who.issuer());
              return text(json.toString());
            })
        .toolCall(
            tool(
                "add",
                "Adds two numbers.",
                Map.of("a", Map.of("type", "number"), "b", Map.of("type", "number"))),
            (context, call) -> text(String.valueOf(number(call, "a") + number(call, "b"))))
        .toolCall(
            tool("list_notes", "Lists the notes (needs read:notes).", Map.of()),
            (context, call) -> text(GSON.toJson(Map.of("notes", notes.publicNotes()))))
        .toolCall(
            tool(
                "create_note",
                "Creates a note (needs write:notes).",
                Map.of("text", Map.of("type", "string"))),
            (context, call) ->
                text("created note " + notes.add(String.valueOf(call.arguments().get("text")))))
        .toolCall(
            tool(
                "read_note",
                "Reads one note by number (needs read:notes; a private note also"
                    + " read:private-notes).",
                Map.of("id", Map.of("type", "integer"))),
            (context, call) -> {
              Optional<String> note = noteId(call.arguments().get("id")).flatMap(notes::get);
              if (note.isEmpty()) {
                return error("no such note");
              }
              return text(note.get());
            })
        .toolCall(
            tool(
                "purge_notes",
                "Deletes the notes added since the start (needs write:notes and a sign-in with"
                    + " acr mfa at most 300 s ago).",
                Map.of()),
            (context, call) -> text("purged " + notes.purge() + " notes"))
        .toolCall(
            tool(
                "audit_log",
                "The latest tool calls (needs the notes-admin role in the roles claim).",
                Map.of()),
            (context, call) -> text(GSON.toJson(notes.auditLog())))
        .toolCall(
            tool(
                "export_notes",
                "Every note (needs read:notes; asks for read:private-notes mid-call when there is"
                    + " a private note).",
                Map.of()),
            (context, call) -> {
              if (notes.hasPrivateNotes()) {
                // learnt during the call: the data is private, so ask for the step-up now
                McpAuthContext.requireScopes(context, READ_PRIVATE);
              }
              return text(GSON.toJson(notes.all()));
            })
        .build();
  }

  /**
   * Registers tools on the server, each wrapped so that every call is recorded in the audit log:
   * who called which tool.
   */
  private static final class AuditedTools {
    private final McpServer.StatelessSyncSpecification spec;
    private final NoteStore notes;

    AuditedTools(McpServer.StatelessSyncSpecification spec, NoteStore notes) {
      this.spec = spec;
      this.notes = notes;
    }

    AuditedTools toolCall(
        McpSchema.Tool tool,
        BiFunction<McpTransportContext, McpSchema.CallToolRequest, McpSchema.CallToolResult>
            handler) {
      spec.toolCall(
          tool,
          (context, call) -> {
            notes.audit(
                tool.name(),
                McpAuthContext.authInfo(context).flatMap(AuthInfo::subject).orElse(""));
            return handler.apply(context, call);
          });
      return this;
    }

    McpStatelessSyncServer build() {
      return spec.build();
    }
  }

  /**
   * A note number as the tool reads it: an integral JSON number (Jackson's {@code 2} or {@code
   * 2.0}, which the gate reads as {@code "2"}), or a string read by {@link NoteStore#number}, the
   * parser the gate's rule uses too.
   */
  static Optional<Integer> noteId(Object id) {
    if (id instanceof String text) {
      return NoteStore.number(text);
    }
    if (!(id instanceof Number)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new java.math.BigDecimal(id.toString()).stripTrailingZeros().intValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static McpSchema.CallToolResult error(String text) {
    return McpSchema.CallToolResult.builder()
        .content(List.of(new McpSchema.TextContent(text)))
        .isError(true)
        .build();
  }

  /** {@code notes://{id}}: the text of note number {@code id} (1 is the oldest). */
  private static McpStatelessServerFeatures.SyncResourceTemplateSpecification noteResource(
      NoteStore notes) {
    return new McpStatelessServerFeatures.SyncResourceTemplateSpecification(
        McpSchema.ResourceTemplate.builder(NOTE_TEMPLATE, "note")
            .description("One note by number, 1 being the oldest (needs read:notes).")
            .mimeType("text/plain")
            .build(),
        (context, request) -> {
          String uri = request.uri();
          Optional<String> note = noteNumber(uri).flatMap(notes::get);
          if (note.isEmpty()) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri);
          }
          return new McpSchema.ReadResourceResult(
              List.of(new McpSchema.TextResourceContents(uri, "text/plain", note.get())));
        });
  }

  private static Optional<Integer> noteNumber(String uri) {
    String prefix = "notes://";
    return uri.startsWith(prefix)
        ? NoteStore.number(uri.substring(prefix.length()))
        : Optional.empty();
  }

  /** {@code draft_note}: asks the model to draft a note on a topic and save it with create_note. */
  private static McpStatelessServerFeatures.SyncPromptSpecification draftNotePrompt() {
    return new McpStatelessServerFeatures.SyncPromptSpecification(
        new McpSchema.Prompt(
            DRAFT_NOTE,
            "Drafts a note on a topic, to save with create_note (needs write:notes).",
            List.of(new McpSchema.PromptArgument("topic", "What the note is about", true))),
        (context, request) -> {
          Object topic = request.arguments() == null ? null : request.arguments().get("topic");
          String about = topic == null ? "anything" : String.valueOf(topic);
          return new McpSchema.GetPromptResult(
              "Draft a note about " + about,
              List.of(
                  new McpSchema.PromptMessage(
                      McpSchema.Role.USER,
                      new McpSchema.TextContent(
                          "Write a short note about "
                              + about
                              + ", then save it with the create_note tool."))));
        });
  }

  private static McpSchema.Tool tool(
      String name, String description, Map<String, Object> properties) {
    return McpSchema.Tool.builder(name, Map.of("type", "object", "properties", properties))
        .description(description)
        .build();
  }

  private static double number(McpSchema.CallToolRequest call, String name) {
    Object v = call.arguments().get(name);
    return v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(String.valueOf(v));
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder()
        .content(List.of(new McpSchema.TextContent(text)))
        .build();
  }

  /**
   * {@code whoami_downstream}: exchanges the caller's token for one whose audience is the
   * downstream API (RFC 8693) and returns what {@code GET /downstream/whoami} saw: its {@code sub},
   * {@code aud} and {@code act}. The caller's own token is never sent downstream.
   */
  private static void whoamiDownstream(
      McpServer.StatelessSyncSpecification spec, DownstreamApi downstream) {
    spec.toolCall(
        tool(
            "whoami_downstream",
            "Calls the downstream API as the caller, with a token exchanged for the caller's"
                + " (RFC 8693), and returns who the downstream API saw: sub, aud, act.",
            Map.of()),
        (context, call) -> {
          DownstreamApi.Answer answer =
              downstream.callAs(McpAuthContext.authInfo(context).orElseThrow());
          return McpSchema.CallToolResult.builder()
              .content(List.of(new McpSchema.TextContent(answer.text())))
              .isError(answer.isError())
              .build();
        });
  }
}
