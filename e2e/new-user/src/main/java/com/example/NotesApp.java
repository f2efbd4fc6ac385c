package com.example;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.McpAuth;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.javalin.JavalinMcpAuth;
import dev.mcpauth.javalin.McpAuthPlugin;
import io.javalin.Javalin;

/**
 * The README's getting-started, copied as a new user would: step 1 (configure) and step 2 (protect),
 * unchanged, inside a method that the test calls.
 */
public final class NotesApp {
  private NotesApp() {}

  /** Starts the notes API on {@code port}, trusting {@code issuer}. */
  public static Javalin start(String issuer, int port) {
    McpAuth mcpAuth = McpAuth.builder()
        .protectedResource(ResourceServerConfig.builder("http://localhost:" + port + "/notes")
            // discovered on first use: the server starts even while the authorization server is down
            .authorizationServer(AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))
            .scopesSupported("read:notes", "write:notes")
            .build())
        .build();

    BearerAuth readNotes = mcpAuth.bearerAuth("read:notes"); // tokens must carry it, and name this resource in aud

    Javalin app = Javalin.create(config -> {
      // serves /.well-known/oauth-protected-resource/notes
      config.registerPlugin(new McpAuthPlugin(plugin -> plugin.mcpAuth = mcpAuth));
      config.routes.before("/notes", JavalinMcpAuth.bearerAuth(readNotes));
      config.routes.get("/notes", ctx -> {
        AuthInfo who = JavalinMcpAuth.authInfo(ctx).orElseThrow();
        ctx.contentType("application/json")
            .result("{\"notes\":[],\"owner\":\"" + who.subject().orElse("") + "\"}");
      });
    }).start(port);
    return app;
  }
}
