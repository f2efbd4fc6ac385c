package dev.mcpauth.examples;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerType;
import java.util.Optional;

/** The running demo: the notes server on the chosen adapter, plus the embedded authorization server if any. */
public final class Demo implements AutoCloseable {
  private final DemoOptions options;
  private final Optional<DevAuthorizationServer> devServer;
  private final NotesServer notes;
  private final AutoCloseable http;
  private final int port;

  private Demo(DemoOptions options, Optional<DevAuthorizationServer> devServer, NotesServer notes,
      AutoCloseable http, int port) {
    this.options = options;
    this.devServer = devServer;
    this.notes = notes;
    this.http = http;
    this.port = port;
  }

  /** Starts everything; the authorization server may be down (requests then get 503 until it is back). */
  public static Demo start(DemoOptions options) throws Exception {
    return start(options, new AuthServerConfig[0]);
  }

  /** Starts everything, trusting {@code alsoTrusted} as well (tests add their own token issuer). */
  public static Demo start(DemoOptions options, AuthServerConfig... alsoTrusted) throws Exception {
    String resource = options.resourceOrDefault();
    Optional<DevAuthorizationServer> dev = Optional.empty();
    AuthServerConfig server;
    if (options.issuer().isPresent()) {
      String issuer = options.issuer().get();
      server = options.type().equals("auto") ? AuthServerConfig.discover(issuer)
          : AuthServerConfig.discover(issuer, options.type().equals("oauth") ? AuthServerType.OAUTH : AuthServerType.OIDC);
    } else {
      dev = Optional.of(DevAuthorizationServer.start(0, resource));
      server = AuthServerConfig.discover(dev.get().issuer(), AuthServerType.OIDC);
    }
    AuthServerConfig[] trusted = new AuthServerConfig[alsoTrusted.length + 1];
    trusted[0] = server;
    System.arraycopy(alsoTrusted, 0, trusted, 1, alsoTrusted.length);
    NotesServer notes = new NotesServer(resource, trusted);
    try {
      if (options.adapter().equals("undertow")) {
        NotesOnUndertow undertow = new NotesOnUndertow(notes, options.port());
        return new Demo(options, dev, notes, undertow, undertow.port());
      }
      if (options.adapter().equals("servlet")) {
        NotesOnServlet servlet = new NotesOnServlet(notes, options.port());
        return new Demo(options, dev, notes, servlet, servlet.port());
      }
      NotesOnJavalin javalin = new NotesOnJavalin(notes, options.port());
      return new Demo(options, dev, notes, javalin, javalin.port());
    } catch (Exception e) {
      notes.close();
      dev.ifPresent(DevAuthorizationServer::close);
      throw e;
    }
  }

  /** The port the MCP server listens on. */
  public int port() {
    return port;
  }

  /** The resource identifier. */
  public String resource() {
    return options.resourceOrDefault();
  }

  /** The embedded authorization server, when no external one was given. */
  public Optional<DevAuthorizationServer> devServer() {
    return devServer;
  }

  /** What to print after start: URLs, how to get a token, what to try. */
  public String banner() {
    String base = "http://localhost:" + port;
    String prm = notes.mcpAuth.resourceMetadataUrl(resource());
    StringBuilder b = new StringBuilder();
    b.append("MCP Auth for Java demo, on ").append(options.adapter()).append("\n\n");
    b.append("  MCP endpoint (streamable HTTP): ").append(base).append("/mcp\n");
    b.append("  REST endpoint (needs read:notes): ").append(base).append("/notes\n");
    b.append("  Protected Resource Metadata:    ").append(prm).append("\n");
    if (devServer.isPresent()) {
      DevAuthorizationServer dev = devServer.get();
      b.append("  Authorization server:           ").append(dev.issuer())
          .append("   (embedded, FOR DEVELOPMENT ONLY)\n\n");
      b.append("Get a token (any client id and secret work here):\n\n");
      b.append("  TOKEN=$(curl -s -u demo-client:secret -d grant_type=client_credentials -d scope=read:notes \\\n")
          .append("    -d resource=").append(resource()).append(" ").append(dev.tokenEndpoint())
          .append(" \\\n    | grep -o '\"access_token\" *: *\"[^\"]*\"' | cut -d'\"' -f4)\n\n");
    } else {
      b.append("  Authorization server:           ").append(options.issuer().orElseThrow()).append("\n\n");
      b.append("Get a token for resource ").append(resource()).append(" with scope read:notes from it, as TOKEN.\n\n");
    }
    b.append("Try:\n\n");
    b.append("  curl -i ").append(base).append("/notes\n");
    b.append("      -> 401 and a WWW-Authenticate challenge pointing at the metadata\n");
    b.append("  curl -s ").append(prm).append("\n");
    b.append("      -> the metadata: resource, authorization_servers, scopes_supported\n");
    b.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(base).append("/notes\n");
    b.append("      -> {\"notes\":[...]}\n");
    b.append("  curl -i -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n")
        .append("    -H 'Accept: application/json, text/event-stream' \\\n")
        .append("    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"create_note\",")
        .append("\"arguments\":{\"text\":\"hi\"}}}' ").append(base).append("/mcp\n");
    b.append("      -> 403 insufficient_scope: create_note needs write:notes (ask for scope=\"read:notes write:notes\")\n");
    return b.toString();
  }

  @Override
  public void close() throws Exception {
    http.close();
    notes.close();
    if (devServer.isPresent()) {
      devServer.get().close();
    }
  }
}
