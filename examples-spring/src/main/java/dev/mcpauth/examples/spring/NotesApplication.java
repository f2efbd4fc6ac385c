package dev.mcpauth.examples.spring;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.McpOperation;
import dev.mcpauth.OperationScopes;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.spring.RequiredAuthentication;
import dev.mcpauth.spring.RequiredClaim;
import dev.mcpauth.spring.RequiredScopes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
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
 * The notes server as a Spring AI MCP server: its tools, a resource template and a prompt, what
 * each needs declared next to it ({@code @RequiredScopes} with a per-request bean for the private
 * note, {@code @RequiredAuthentication}, {@code @RequiredClaim}, a mid-call step-up in {@code
 * export_notes}), and a REST route. The rest of the authorization is in the {@code mcpauth.*}
 * properties {@link SpringDemo} sets. The same contract as the main demo's notes server.
 */
@SpringBootApplication
public class NotesApplication {
  private static final Gson GSON = new Gson();

  /** The scope reading a private note needs, on top of {@code read:notes}. */
  public static final String READ_PRIVATE = "read:private-notes";

  /**
   * The notes, in memory, and an audit log of the tool calls: the main demo's contract. Note 1 is
   * public; note 2 is seeded as private (reading it needs {@code read:private-notes}); notes added
   * later are public.
   */
  @Component
  public static class NoteStore {
    /** The first note: public. */
    public static final String WELCOME = "Welcome to MCP Auth for Java.";

    /** The second note: private. */
    public static final String PRIVATE_NOTE = "Private: the launch date is not public yet.";

    private static final int SEEDED = 2;
    private static final int AUDIT_ENTRIES = 100;

    private record Note(String text, boolean isPrivate) {}

    private final List<Note> notes =
        new ArrayList<>(List.of(new Note(WELCOME, false), new Note(PRIVATE_NOTE, true)));
    private final Deque<Map<String, String>> audit = new ArrayDeque<>();

    /** Every note, oldest first (private ones included). */
    public synchronized List<String> all() {
      return notes.stream().map(Note::text).toList();
    }

    /** The public notes, oldest first. */
    public synchronized List<String> publicNotes() {
      return notes.stream().filter(n -> !n.isPrivate()).map(Note::text).toList();
    }

    /** The note numbered {@code number} (1 is the oldest), if there is one. */
    public synchronized Optional<String> byNumber(String number) {
      return number(number).flatMap(this::byNumber);
    }

    /** The note numbered {@code number} (1 is the oldest), if there is one. */
    public synchronized Optional<String> byNumber(int number) {
      return number >= 1 && number <= notes.size()
          ? Optional.of(notes.get(number - 1).text())
          : Optional.empty();
    }

    /**
     * A note number as written in a URI or a tool's string argument: {@link Integer#parseInt}, the
     * one parser behind both the authorization rule and the handlers, so the two always agree on
     * which note a request names.
     */
    public static Optional<Integer> number(String text) {
      try {
        return Optional.of(Integer.parseInt(text));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /**
     * Whether {@code id} (as the gate reads an argument or a template variable) names an existing
     * private note. A request naming no note at all needs no more than a public one: the handler
     * answers it with an error.
     */
    public synchronized boolean isPrivate(String id) {
      return number(id)
          .filter(n -> n >= 1 && n <= notes.size() && notes.get(n - 1).isPrivate())
          .isPresent();
    }

    /** Whether any note is private. */
    public synchronized boolean hasPrivateNotes() {
      return notes.stream().anyMatch(Note::isPrivate);
    }

    /** Adds a public note; returns how many there are now. */
    public synchronized int add(String note) {
      notes.add(new Note(note, false));
      return notes.size();
    }

    /** Deletes the notes added since the start (the seeded ones stay); returns how many. */
    public synchronized int purge() {
      int purged = notes.size() - SEEDED;
      notes.subList(SEEDED, notes.size()).clear();
      return purged;
    }

    /** Records a tool call (the newest {@value #AUDIT_ENTRIES} are kept). */
    public synchronized void audit(String tool, McpTransportContext context) {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("tool", tool);
      entry.put("subject", McpAuthContext.authInfo(context).flatMap(AuthInfo::subject).orElse(""));
      entry.put("at", Instant.now().toString());
      audit.addLast(Map.copyOf(entry));
      while (audit.size() > AUDIT_ENTRIES) {
        audit.removeFirst();
      }
    }

    /** The audit log, oldest first. */
    public synchronized List<Map<String, String>> auditLog() {
      return List.copyOf(audit);
    }
  }

  /**
   * A private note also needs {@code read:private-notes}: decided by the gate before {@code
   * read_note} or {@code resources/read notes://{id}} runs, from the call's {@code id} argument or
   * the URI's {@code id} variable, read with the parser the handlers use.
   */
  @Component
  public static class PrivateNoteScopes implements OperationScopes {
    private final NoteStore notes;

    /** Decides over {@code notes}. */
    public PrivateNoteScopes(NoteStore notes) {
      this.notes = notes;
    }

    @Override
    public List<String> scopesFor(McpOperation operation, AuthInfo caller) {
      Optional<String> id =
          operation.method().equals("tools/call")
              ? operation.argument("id")
              : operation.variable("id");
      return id.filter(notes::isPrivate).isPresent() ? List.of(READ_PRIVATE) : List.of();
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
      notes.audit("whoami", context);
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
        @McpToolParam(description = "another number") double b,
        McpTransportContext context) {
      notes.audit("add", context);
      double sum = a + b;
      return sum == Math.rint(sum) ? String.valueOf((long) sum) : String.valueOf(sum);
    }

    /** Lists the notes. */
    @McpTool(name = "list_notes", description = "Lists the notes (needs read:notes).")
    @RequiredScopes("read:notes")
    public String listNotes(McpTransportContext context) {
      notes.audit("list_notes", context);
      return GSON.toJson(Map.of("notes", notes.publicNotes()));
    }

    // tag::spring-required-scopes[]
    /** Creates a note. */
    @McpTool(name = "create_note", description = "Creates a note (needs write:notes).")
    @RequiredScopes("write:notes")
    public String createNote(
        @McpToolParam(description = "the note") String text, McpTransportContext context) {
      notes.audit("create_note", context);
      return "created note " + notes.add(text);
    }

    // end::spring-required-scopes[]

    // tag::spring-per-request-scopes[]
    /** One note by number; a private one needs read:private-notes, decided before the call. */
    @McpTool(
        name = "read_note",
        description =
            "Reads one note by number (needs read:notes; a private note also read:private-notes).")
    @RequiredScopes(value = "read:notes", perRequest = PrivateNoteScopes.class)
    public CallToolResult readNote(
        @McpToolParam(description = "the note's number, 1 being the oldest") Object id,
        McpTransportContext context) {
      notes.audit("read_note", context);
      Optional<String> note = noteNumber(id).flatMap(notes::byNumber);
      return note.isPresent() ? text(note.get()) : error("no such note");
    }

    // end::spring-per-request-scopes[]

    // tag::spring-required-authentication[]
    /** Deletes the notes added since the start: write:notes and a recent MFA sign-in. */
    @McpTool(
        name = "purge_notes",
        description =
            "Deletes the notes added since the start (needs write:notes and a sign-in with acr mfa"
                + " at most 300 s ago).")
    @RequiredScopes("write:notes")
    @RequiredAuthentication(acr = "mfa", maxAgeSeconds = 300)
    public String purgeNotes(McpTransportContext context) {
      notes.audit("purge_notes", context);
      return "purged " + notes.purge() + " notes";
    }

    // end::spring-required-authentication[]

    // tag::spring-required-claim[]
    /** The latest tool calls, for the notes-admin role only. */
    @McpTool(
        name = "audit_log",
        description = "The latest tool calls (needs the notes-admin role in the roles claim).")
    @RequiredClaim(path = "roles", contains = "notes-admin")
    public String auditLog(McpTransportContext context) {
      notes.audit("audit_log", context);
      return GSON.toJson(notes.auditLog());
    }

    // end::spring-required-claim[]

    // tag::spring-step-up-mid-call[]
    /** Every note; asks for read:private-notes mid-call when it finds a private one. */
    @McpTool(
        name = "export_notes",
        description =
            "Every note (needs read:notes; asks for read:private-notes mid-call when there is a"
                + " private note).")
    @RequiredScopes("read:notes")
    public String exportNotes(McpTransportContext context) {
      notes.audit("export_notes", context);
      if (notes.hasPrivateNotes()) {
        // learnt during the call: the data is private, so ask for the step-up now
        McpAuthContext.requireScopes(context, READ_PRIVATE);
      }
      return GSON.toJson(notes.all());
    }
    // end::spring-step-up-mid-call[]
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
        description =
            "One note by number, 1 being the oldest (needs read:notes; a private note also"
                + " read:private-notes).",
        mimeType = "text/plain")
    @RequiredScopes(value = "read:notes", perRequest = PrivateNoteScopes.class)
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
      return Map.of("notes", notes.publicNotes());
    }
  }

  /**
   * A note number as {@code read_note} reads it: an integral JSON number ({@code 2} or {@code 2.0},
   * which the gate reads as {@code "2"}), or a string read by {@link NoteStore#number}, the parser
   * the gate's rule uses too; anything else is no note.
   */
  static Optional<Integer> noteNumber(Object id) {
    if (id instanceof String text) {
      return NoteStore.number(text);
    }
    if (!(id instanceof Number)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(id.toString()).stripTrailingZeros().intValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().content(List.of(new TextContent(text))).build();
  }

  private static CallToolResult error(String text) {
    return CallToolResult.builder().content(List.of(new TextContent(text))).isError(true).build();
  }
}
