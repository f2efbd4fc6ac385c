package dev.mcpauth.examples.docs;

import dev.mcpauth.AuthenticationRequirement;
import dev.mcpauth.ClaimRule;
import dev.mcpauth.McpAccess;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.mcp.McpAuthContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;

/** The code blocks of docs/authorization.md, compiled (see {@code Snippets}). */
@SuppressWarnings("unused")
final class AuthorizationSnippets {
  private AuthorizationSnippets() {}

  /** Which notes are private, in the snippets. */
  interface Notes {
    boolean isPublic(String id);

    String read(String id);
  }

  static McpGate requestDependentScopes(McpAuth mcpAuth, Notes notes) {
    // tag::request-dependent-scopes[]
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth("read:notes"))
            // read_note {"id": 2}: read:notes, plus read:private-notes when note 2 is private
            .tool("read_note", "read:notes")
            .tool(
                "read_note",
                (operation, caller) ->
                    operation.argument("id").filter(notes::isPublic).isPresent()
                        ? List.of()
                        : List.of("read:private-notes")) // missing or odd id: fail closed
            // notes://7 needs notes:7: a template variable used directly in a scope
            .resourceTemplate("notes://{id}", "notes:{id}")
            // a tool argument works the same way: open_folder {"folder": "work"} needs folder:work
            .tool("open_folder", "folder:{folder}")
            .build();
    // end::request-dependent-scopes[]
    return gate;
  }

  static McpGate stepUpAuthentication(McpAuth mcpAuth) {
    // tag::step-up-authentication[]
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth("read:notes"))
            .tool(
                "purge_notes",
                McpAccess.builder()
                    .scopes("write:notes")
                    // 401 insufficient_user_authentication, acr_values="mfa", max_age="300"
                    .authentication(
                        AuthenticationRequirement.acr("mfa").withMaxAge(Duration.ofSeconds(300)))
                    .build())
            .build();
    // end::step-up-authentication[]
    return gate;
  }

  static McpGate claimRules(McpAuth mcpAuth) {
    // tag::claim-rules[]
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth())
            .tool(
                "audit_log",
                McpAccess.builder().claim(ClaimRule.claim("roles").contains("notes-admin")).build())
            .tool(
                "billing_report", // Keycloak: {"realm_access": {"roles": [...]}}
                McpAccess.builder()
                    .claim(ClaimRule.claim("realm_access", "roles").containsAny("billing", "admin"))
                    .build())
            .tool(
                "desktop_only", // one client only, here a client-id metadata document URL
                McpAccess.builder()
                    .claim(ClaimRule.client("https://desktop.example.com/client.json"))
                    .build())
            // what every request needs, GET and DELETE included
            .require(
                McpAccess.builder().claim(ClaimRule.claim("tid").isEqualTo("my-tenant")).build())
            .build();
    // end::claim-rules[]
    return gate;
  }

  static TokenPolicy clientPolicy() {
    // tag::client-policy[]
    TokenPolicy policy =
        TokenPolicy.builder()
            .allowedClients("notes-desktop", "https://app.example.com/oauth/client.json")
            .allowedClientHosts("clients.example.com") // any CIMD URL on this host
            .requireSingleAudience() // refuse aud: ["https://mcp.example.com/mcp", "https://x"]
            .build();
    // end::client-policy[]
    return policy;
  }

  static McpSchema.CallToolResult midCallStepUp(McpTransportContext context, Notes notes) {
    // tag::mid-call-step-up[]
    // in a tool handler (MCP Java SDK), when the backend says the data is private:
    McpAuthContext.requireScopes(context, "read:private-notes"); // throws when the token lacks it
    return McpSchema.CallToolResult.builder()
        .content(List.of(new McpSchema.TextContent(notes.read("2"))))
        .build();
    // end::mid-call-step-up[]
  }
}
