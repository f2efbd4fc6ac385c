package dev.mcpauth.examples.springdocs;

// tag::spring-component[]
import dev.mcpauth.AuthInfo;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.spring.RequiredScopes;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.List;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.stereotype.Component;

/** MCP tools; MCP Auth lets a call in only with the scopes declared next to it. */
@Component
public class NotesTools {

  /** What whoami answers: Spring AI writes it as JSON. */
  public record Caller(String subject, String clientId, List<String> scopes, String issuer) {}

  /** Who is calling, from the MCP transport context MCP Auth filled. */
  @McpTool(name = "whoami", description = "Who is calling: subject, client id, scopes and issuer.")
  public Caller whoami(McpTransportContext context) {
    AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
    return new Caller(
        who.subject().orElse(null),
        who.clientId().orElse(null),
        List.copyOf(who.scopes()),
        who.issuer());
  }

  /** Needs write:notes on top of mcpauth.required-scopes: without it, 403 and a step-up. */
  @McpTool(name = "create_note", description = "Creates a note (needs write:notes).")
  @RequiredScopes("write:notes")
  public String createNote(@McpToolParam(description = "the note") String text) {
    return "created: " + text;
  }
}
// end::spring-component[]
