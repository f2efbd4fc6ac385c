package dev.mcpauth.examples.spring;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.spring.RequiredScopes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.ai.mcp.annotation.McpArg;
import org.springframework.ai.mcp.annotation.McpPrompt;
import org.springframework.ai.mcp.annotation.McpResource;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The notes server as a Spring AI MCP server: four tools, a resource template and a prompt, the
 * scopes declared next to them, and a REST route. Everything about authorization is in the {@code
 * mcpauth.*} properties {@link SpringDemo} sets.
 */
@SpringBootApplication
public class NotesApplication {
  private static final Gson GSON = new Gson();

  /** The notes, in memory. */
  @Component
  public static class NoteStore {
    private final List<String> notes = new ArrayList<>(List.of("Welcome to MCP Auth for Java."));

    /** Every note, oldest first. */
    public synchronized List<String> all() {
      return List.copyOf(notes);
    }

    /** The note numbered {@code number} (1 is the oldest), if there is one. */
    public synchronized Optional<String> byNumber(String number) {
      try {
        int n = Integer.parseInt(number);
        return n >= 1 && n <= notes.size() ? Optional.of(notes.get(n - 1)) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** Adds a note; returns how many there are now. */
    public synchronized int add(String note) {
      notes.add(note);
      return notes.size();
    }
  }

  /** The MCP tools. */
  @Component
  public static class NotesTools {
    private final NoteStore notes;

    /** Tools over {@code notes}. */
    public NotesTools(NoteStore notes) {
      this.notes = notes;
    }

    // tag::spring-whoami[]
    /** Who is calling, from the MCP transport context MCP Auth filled. */
    @McpTool(
        name = "whoami",
        description = "Who is calling: subject, client id, scopes and issuer.")
    public String whoami(McpTransportContext context) {
      AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
      JsonObject json = new JsonObject();
      json.addProperty("subject", who.subject().orElse(null));
      json.addProperty("client_id", who.clientId().orElse(null));
      json.add("scopes", GSON.toJsonTree(who.scopes()));
      json.addProperty("issuer", who.issuer());
      return json.toString();
    }

    // end::spring-whoami[]

    /** Adds two numbers (any authorized caller). */
    @McpTool(name = "add", description = "Adds two numbers.")
    public String add(
        @McpToolParam(description = "a number") double a,
        @McpToolParam(description = "another number") double b) {
      double sum = a + b;
      return sum == Math.rint(sum) ? String.valueOf((long) sum) : String.valueOf(sum);
    }

    /** Lists the notes. */
    @McpTool(name = "list_notes", description = "Lists the notes (needs read:notes).")
    @RequiredScopes("read:notes")
    public String listNotes() {
      return GSON.toJson(Map.of("notes", notes.all()));
    }

    // tag::spring-required-scopes[]
    /** Creates a note. */
    @McpTool(name = "create_note", description = "Creates a note (needs write:notes).")
    @RequiredScopes("write:notes")
    public String createNote(@McpToolParam(description = "the note") String text) {
      return "created note " + notes.add(text);
    }
    // end::spring-required-scopes[]
  }

  /**
   * The MCP resource template and prompt, each needing a scope like the tools (the main demo's:
   * {@code notes://{id}} needs read:notes, {@code draft_note} write:notes).
   */
  @Component
  public static class NotesResources {
    private final NoteStore notes;

    /** Resources and prompts over {@code notes}. */
    public NotesResources(NoteStore notes) {
      this.notes = notes;
    }

    // tag::spring-resource-scopes[]
    /** One note by its number (1 is the oldest): {@code notes://1}. */
    @McpResource(
        uri = "notes://{id}",
        name = "note",
        description = "One note by number, 1 being the oldest (needs read:notes).",
        mimeType = "text/plain")
    @RequiredScopes("read:notes")
    public String note(String id) {
      return notes
          .byNumber(id)
          .orElseThrow(() -> McpError.RESOURCE_NOT_FOUND.apply("notes://" + id));
    }

    /** Asks the model to draft a note on a topic and save it with create_note. */
    @McpPrompt(
        name = "draft_note",
        description = "Drafts a note on a topic, to save with create_note (needs write:notes).")
    @RequiredScopes("write:notes")
    public GetPromptResult draftNote(
        @McpArg(name = "topic", description = "What the note is about", required = true)
            String topic) {
      String about = topic == null ? "anything" : topic;
      return new GetPromptResult(
          "Draft a note about " + about,
          List.of(
              new PromptMessage(
                  Role.USER,
                  new TextContent(
                      "Write a short note about " + about + ", then save it with create_note."))));
    }
    // end::spring-resource-scopes[]
  }

  /** {@code GET /notes}, protected by {@code mcpauth.protected-paths} (read:notes). */
  @RestController
  public static class NotesController {
    private final NoteStore notes;

    /** A controller over {@code notes}. */
    public NotesController(NoteStore notes) {
      this.notes = notes;
    }

    /** The notes. */
    @GetMapping("/notes")
    public Map<String, List<String>> notes() {
      return Map.of("notes", notes.all());
    }
  }
}
