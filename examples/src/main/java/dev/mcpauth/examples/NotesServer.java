package dev.mcpauth.examples;

import com.google.gson.Gson;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.BearerAuthConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
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

  /** Protects resource {@code resource} with tokens from {@code authorizationServers}. */
  public NotesServer(String resource, AuthServerConfig... authorizationServers) {
    this(resource, false, authorizationServers);
  }

  /**
   * Same, optionally with the verified-token cache on {@code GET /notes} (for the load tests:
   * {@code mcpauth-benchmarks}).
   */
  public NotesServer(String resource, boolean verifiedTokenCache, AuthServerConfig... authorizationServers) {
    ResourceServerConfig.Builder metadata = ResourceServerConfig.builder(resource)
        .scopesSupported("read:notes", "write:notes")
        .resourceName("Notes (MCP Auth for Java demo)");
    for (AuthServerConfig server : authorizationServers) {
      metadata.authorizationServer(server);
    }
    mcpAuth = McpAuth.builder().protectedResource(metadata.build()).build();
    BearerAuthConfig.Builder read = BearerAuthConfig.builder().requiredScopes("read:notes");
    if (verifiedTokenCache) {
      read.verifiedTokenCache(java.time.Duration.ofMinutes(5), 100_000);
    }
    readNotes = mcpAuth.bearerAuth(read.build());
    // The MCP endpoint's baseline scope is read:notes; create_note needs write:notes on top.
    gate = McpGate.builder(mcpAuth.bearerAuth(BearerAuthConfig.builder().requiredScopes("read:notes").build()))
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
