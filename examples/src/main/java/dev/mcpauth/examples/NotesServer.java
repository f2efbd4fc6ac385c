package dev.mcpauth.examples;

import com.google.gson.Gson;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.BearerAuthConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import java.util.Map;

/**
 * The protection of the notes server, shared by every HTTP stack: one protected resource (the MCP
 * endpoint's URL), a REST route needing {@code read:notes}, and the MCP gate (baseline
 * {@code read:notes}) with per-tool scopes.
 */
public final class NotesServer implements AutoCloseable {
  private static final Gson GSON = new Gson();

  final McpAuth mcpAuth;
  final BearerAuth readNotes;
  final McpGate gate;
  final NoteStore notes = new NoteStore();

  /** Protects resource {@code resource} with tokens from {@code authorizationServers} (token cache on). */
  public NotesServer(String resource, AuthServerConfig... authorizationServers) {
    this(resource, true, authorizationServers);
  }

  /**
   * Same, optionally with the verified-token cache on {@code GET /notes} (for the load tests:
   * {@code mcpauth-benchmarks}).
   */
  public NotesServer(String resource, boolean verifiedTokenCache, AuthServerConfig... authorizationServers) {
    ResourceServerConfig.Builder metadata = ResourceServerConfig.builder(resource)
        .scopesSupported("read:notes", "write:notes")
        .resourceName("Notes (MCP Auth for Java demo)")
        .tokenPolicy(verifiedTokenCache ? TokenPolicy.defaults() : TokenPolicy.builder().noTokenCache().build());
    for (AuthServerConfig server : authorizationServers) {
      metadata.authorizationServer(server);
    }
    mcpAuth = McpAuth.builder().protectedResource(metadata.build()).build();
    readNotes = mcpAuth.bearerAuth("read:notes");
    // The MCP endpoint's baseline scope is read:notes; create_note needs write:notes on top.
    gate = McpGate.builder(mcpAuth, mcpAuth.bearerAuth("read:notes"))
        .scopePolicy(NotesMcpServer.SCOPES)
        .build();
  }

  /** The body of {@code GET /notes}. */
  String notesJson() {
    return GSON.toJson(Map.of("notes", notes.all()));
  }

  /** The configured MCP Auth instance. */
  public McpAuth mcpAuth() {
    return mcpAuth;
  }

  @Override
  public void close() {
    mcpAuth.close();
  }
}
