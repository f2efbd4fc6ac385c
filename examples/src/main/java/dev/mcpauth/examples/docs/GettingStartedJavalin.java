package dev.mcpauth.examples.docs;

// tag::imports[]
import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.McpAuth;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.javalin.JavalinMcpAuth;
import dev.mcpauth.javalin.McpAuthPlugin;
import io.javalin.Javalin;

// end::imports[]

/** The README's getting-started, compiled: the notes REST API on Javalin, protected by MCP Auth. */
public final class GettingStartedJavalin {
  private GettingStartedJavalin() {}

  /** Starts it; the caller stops the returned app and closes {@code mcpAuth}. */
  public static Javalin start(String issuer, int port) {
    // tag::configure[]
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("http://localhost:" + port + "/notes")
                    // discovered on first use: the server starts even while the authorization
                    // server is down
                    .authorizationServer(
                        AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))
                    .scopesSupported("read:notes", "write:notes")
                    .build())
            .build();
    // end::configure[]

    // tag::protect[]
    BearerAuth readNotes =
        mcpAuth.bearerAuth("read:notes"); // tokens must carry it, and name this resource in aud

    Javalin app =
        Javalin.create(
                config -> {
                  // serves /.well-known/oauth-protected-resource/notes
                  config.registerPlugin(new McpAuthPlugin(plugin -> plugin.mcpAuth = mcpAuth));
                  config.routes.before("/notes", JavalinMcpAuth.bearerAuth(readNotes));
                  config.routes.get(
                      "/notes",
                      ctx -> {
                        AuthInfo who = JavalinMcpAuth.authInfo(ctx).orElseThrow();
                        ctx.contentType("application/json")
                            .result(
                                "{\"notes\":[],\"owner\":\"" + who.subject().orElse("") + "\"}");
                      });
                })
            .start(port);
    // end::protect[]
    return app;
  }
}
