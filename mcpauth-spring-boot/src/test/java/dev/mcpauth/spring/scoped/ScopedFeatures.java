package dev.mcpauth.spring.scoped;

import dev.mcpauth.spring.RequiredScopes;
import org.springframework.ai.mcp.annotation.McpPrompt;
import org.springframework.ai.mcp.annotation.McpResource;
import org.springframework.stereotype.Component;

/**
 * A resource template and two prompts: scopes declared next to the annotations, and (for {@code
 * draft_note}) by property only.
 */
@Component
public class ScopedFeatures {
  /** One note, by id; needs read:archive besides the base scope. */
  @McpResource(uri = "notes://{id}", name = "note", description = "One note")
  @RequiredScopes("read:archive")
  public String note(String id) {
    return "note " + id;
  }

  /** A summary; needs summarize besides the base scope. */
  @McpPrompt(name = "summarize_notes", description = "Summarize the notes")
  @RequiredScopes("summarize")
  public String summarize() {
    return "Summarize the notes.";
  }

  /** A draft; its scope comes from mcpauth.prompt-scopes.draft_note. */
  @McpPrompt(name = "draft_note", description = "Draft a note")
  public String draft() {
    return "Draft a note.";
  }
}
