package dev.mcpauth.examples;

import com.google.gson.Gson;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenExchange;
import dev.mcpauth.TokenPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protection of the notes server, shared by every HTTP stack: one protected resource (the MCP
 * endpoint's URL), a REST route needing {@code read:notes}, and the MCP gate (baseline {@code
 * read:notes}) with per-tool scopes.
 */
public final class NotesServer implements AutoCloseable {
  private static final Gson GSON = new Gson();

  final McpAuth mcpAuth;
  final BearerAuth readNotes;
  final McpGate gate;
  final NoteStore notes = new NoteStore();
  final List<String> allowedOrigins;
  final boolean hideTools;

  /** The second protected API ({@code /downstream/whoami}) and its verifier, when served. */
  final Optional<DownstreamApi> downstream;

  final Optional<BearerAuth> downstreamAuth;

  /**
   * Protects resource {@code resource} with tokens from {@code authorizationServers} (token cache
   * on).
   */
  public NotesServer(String resource, AuthServerConfig... authorizationServers) {
    this(resource, true, authorizationServers);
  }

  /**
   * Same, optionally with the verified-token cache on {@code GET /notes} (for the load tests:
   * {@code mcpauth-benchmarks}).
   */
  public NotesServer(
      String resource, boolean verifiedTokenCache, AuthServerConfig... authorizationServers) {
    this(
        withServers(
                resource(resource)
                    .tokenPolicy(
                        verifiedTokenCache
                            ? TokenPolicy.defaults()
                            : TokenPolicy.builder().noTokenCache().build()),
                authorizationServers)
            .build(),
        List.of(),
        false);
  }

  /**
   * Protects the resource {@code config} describes (start from {@link #resource(String)}).
   *
   * @param allowedOrigins browser origins the MCP endpoint accepts besides the resource's own
   * @param hideTools whether {@code tools/list} hides the tools the caller's token cannot call
   */
  public NotesServer(ResourceServerConfig config, List<String> allowedOrigins, boolean hideTools) {
    this(McpAuth.builder(), config, allowedOrigins, hideTools);
  }

  /**
   * Protects the resource {@code config} describes, with an {@link McpAuth} built from {@code auth}
   * (which may carry shared stores, for example).
   *
   * @param allowedOrigins browser origins the MCP endpoint accepts besides the resource's own
   * @param hideTools whether {@code tools/list} hides the tools the caller's token cannot call
   */
  public NotesServer(
      McpAuth.Builder auth,
      ResourceServerConfig config,
      List<String> allowedOrigins,
      boolean hideTools) {
    this(auth, config, allowedOrigins, hideTools, Optional.empty(), Optional.empty());
  }

  /**
   * Same, also serving the downstream API {@code GET /downstream/whoami} as the resource {@code
   * downstreamConfig} describes, which the tool {@code whoami_downstream} calls with tokens from
   * {@code exchange}.
   */
  public NotesServer(
      McpAuth.Builder auth,
      ResourceServerConfig config,
      List<String> allowedOrigins,
      boolean hideTools,
      Optional<ResourceServerConfig> downstreamConfig,
      Optional<TokenExchange> exchange) {
    auth.protectedResource(config);
    downstreamConfig.ifPresent(auth::protectedResource);
    mcpAuth = auth.build();
    String resource = config.resource();
    readNotes = mcpAuth.bearerAuthFor(resource, "read:notes");
    downstream = downstreamConfig.map(d -> new DownstreamApi(d.resource(), exchange));
    downstreamAuth = downstreamConfig.map(d -> mcpAuth.bearerAuthFor(d.resource()));
    // The MCP endpoint's baseline scope is read:notes; create_note needs write:notes on top.
    gate =
        NotesMcpServer.scopes(mcpAuth.mcpGate(mcpAuth.bearerAuthFor(resource, "read:notes")), notes)
            .allowedOrigins(allowedOrigins.toArray(String[]::new))
            .build();
    List<String> origins = new ArrayList<>();
    URI uri = URI.create(resource);
    origins.add(uri.getScheme() + "://" + uri.getRawAuthority());
    origins.addAll(allowedOrigins);
    this.allowedOrigins = List.copyOf(origins);
    this.hideTools = hideTools;
  }

  /**
   * The notes resource's configuration so far: its scopes and name, no authorization server yet.
   */
  public static ResourceServerConfig.Builder resource(String resource) {
    return ResourceServerConfig.builder(resource)
        .scopesSupported("read:notes", "write:notes")
        .resourceName("Notes (MCP Auth for Java demo)");
  }

  /** Adds every server to {@code builder}. */
  static ResourceServerConfig.Builder withServers(
      ResourceServerConfig.Builder builder, AuthServerConfig... servers) {
    for (AuthServerConfig server : servers) {
      builder.authorizationServer(server);
    }
    return builder;
  }

  /** The body of {@code GET /notes}. */
  String notesJson() {
    return GSON.toJson(Map.of("notes", notes.publicNotes()));
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
