package dev.mcpauth.examples.docs;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.DenialReason;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.Introspection;
import dev.mcpauth.JwksSettings;
import dev.mcpauth.JwsAlgorithm;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.TokenVerifier;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.undertow.BearerAuthHandler;
import dev.mcpauth.undertow.McpUndertowHandler;
import dev.mcpauth.undertow.ProtectedResourceMetadataHandler;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Every code block of the documentation, compiled. {@code DocsCodeBlocksTest} checks that each
 * {@code java} block in README.md and docs/ is one of the tagged regions of this package.
 */
@SuppressWarnings("unused")
final class Snippets {
  private Snippets() {}

  static void discovery(String issuer) {
    // tag::discovery-modes[]
    AuthServerConfig oidc =
        AuthServerConfig.discover("https://auth.example.com", AuthServerConfig.Type.OIDC);
    AuthServerConfig oauth =
        AuthServerConfig.discover("https://auth.example.com/tenant", AuthServerConfig.Type.OAUTH);
    AuthServerConfig auto =
        AuthServerConfig.discover("https://auth.example.com"); // the URLs MCP clients try
    // end::discovery-modes[]

    // tag::fetch-now[]
    AuthServerConfig.Resolved resolved =
        AuthServerConfig.fetch("https://auth.example.com", AuthServerConfig.Type.OIDC);
    AuthServerMetadata.Validation check = resolved.metadata().validate(true);
    // end::fetch-now[]

    // tag::transpile[]
    AuthServerConfig fixed =
        AuthServerConfig.discover("https://auth.example.com", AuthServerConfig.Type.OIDC)
            .withTranspileData(
                json -> { // a mutable map of the raw document
                  json.put("code_challenge_methods_supported", List.of("S256"));
                  return json;
                });
    // end::transpile[]

    // tag::manual[]
    AuthServerConfig manual =
        AuthServerConfig.resolved(
            AuthServerConfig.Type.OAUTH,
            AuthServerMetadata.builder("https://auth.example.com")
                .authorizationEndpoint("https://auth.example.com/oauth2/authorize")
                .tokenEndpoint("https://auth.example.com/oauth2/token")
                .jwksUri("https://auth.example.com/oauth2/jwks")
                .responseTypesSupported("code")
                .codeChallengeMethodsSupported("S256")
                .build());
    // end::manual[]
  }

  static void entra() {
    // tag::entra[]
    String tenant = "00000000-0000-0000-0000-000000000000";
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.example.com/mcp")
                    // v2.0 tokens: iss is https://login.microsoftonline.com/<tenant>/v2.0
                    .authorizationServer(
                        AuthServerConfig.discover(
                            "https://login.microsoftonline.com/" + tenant + "/v2.0",
                            AuthServerConfig.Type.OIDC))
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .audience(
                                "11111111-1111-1111-1111-111111111111") // v2.0 tokens: aud is the
                            // API's client ID
                            .scopeClaim("scp") // and delegated scopes are in scp
                            .build())
                    .build())
            .build();
    BearerAuth auth = mcpAuth.bearerAuth("Notes.Read");
    // end::entra[]
  }

  static void bearerOptions() {
    // tag::bearer-options[]
    // How the resource accepts tokens: once, on the resource, for every route.
    TokenPolicy policy =
        TokenPolicy.builder()
            .requireAccessTokenProfile() // RFC 9068: typ at+jwt, client_id, iat, jti
            .algorithms(JwsAlgorithm.RS256, JwsAlgorithm.ES256)
            .clockSkew(Duration.ofSeconds(30))
            .impliedScopes("mcp:admin", "mcp:read", "mcp:write")
            .claimValidator(
                info ->
                    info.stringClaim("tid").filter("contoso"::equals).isPresent()
                        ? Optional.empty()
                        : Optional.of("tid is not contoso"))
            .maxHeaderLength(4096)
            .build();
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.example.com/mcp")
                    .authorizationServer(AuthServerConfig.discover("https://auth.example.com"))
                    .tokenPolicy(policy)
                    .build())
            .build();
    // What a route adds: the scopes it needs.
    BearerAuth auth =
        mcpAuth.bearerAuthFor(
            "https://mcp.example.com/mcp", // which configured resource (bearerAuth(...) with one)
            "mcp:read"); // all required; 403 names what is missing
    // end::bearer-options[]
  }

  static void jwks() {
    // tag::jwks[]
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.example.com/mcp")
                    .authorizationServer(AuthServerConfig.discover("https://auth.example.com"))
                    .build())
            .jwksSettings(
                JwksSettings.builder()
                    .refetchCooldown(
                        Duration.ofSeconds(5)) // unknown kid: at most one refetch per 5 s
                    .maxStale(Duration.ofHours(6)) // keep serving known keys through outages
                    .build())
            .build();
    // end::jwks[]
  }

  static void custom() {
    // tag::custom-verifier[]
    TokenVerifier sessions =
        token -> {
          Optional<Map<String, Object>> session =
              lookUpOpaqueToken(token); // your own store or service
          if (session.isEmpty()) {
            return TokenVerifier.Result.rejected(DenialReason.INACTIVE, null);
          }
          Map<String, Object> s = session.get();
          return TokenVerifier.Result.verified(
              AuthInfo.builder(token, "https://auth.example.com")
                  .subject((String) s.get("user"))
                  .audiences(List.of("https://mcp.example.com/mcp"))
                  .scopes(List.of("mcp:read"))
                  .expiresAt((Instant) s.get("expires"))
                  .build());
        };
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.example.com/mcp")
                    .authorizationServer(AuthServerConfig.discover("https://auth.example.com"))
                    .tokenVerifier(sessions)
                    .build())
            .build();
    BearerAuth auth = mcpAuth.bearerAuth("mcp:read");
    // MCP Auth still checks issuer, audience, expiry, binding and scopes of what the verifier
    // returns.
    // end::custom-verifier[]
  }

  static void introspection(String secret) {
    // tag::introspection[]
    Introspection introspection =
        Introspection.builder("https://auth.example.com")
            .clientCredentials("mcp-server", secret) // RFC 7662 requires client authentication
            .cacheTtl(Duration.ofSeconds(30)) // bounded by each token's exp as well
            .build();
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.example.com/mcp")
                    .authorizationServer(
                        AuthServerConfig.discover(
                            "https://auth.example.com", AuthServerConfig.Type.OIDC))
                    .introspectOpaqueTokens(
                        introspection) // mixed: JWTs verified locally, the rest introspected
                    // .introspection(introspection)        // or: every token introspected (opaque
                    // tokens only)
                    .build())
            .build();
    BearerAuth auth = mcpAuth.bearerAuth("mcp:read");
    // end::introspection[]
  }

  static void dpop() {
    // tag::dpop[]
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.example.com/mcp")
                    .authorizationServer(
                        AuthServerConfig.discover(
                            "https://auth.example.com", AuthServerConfig.Type.OIDC))
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .dpop(
                                DpopSettings
                                    .builder() // Authorization: DPoP <token> plus a DPoP proof
                                    .nonces() // optional: server nonces (use_dpop_nonce,
                                    // DPoP-Nonce)
                                    .replayCheck() // optional: each proof jti once
                                    // (McpAuth.Builder.sharedStore)
                                    .build())
                            .build()) // the metadata advertises the proof algorithms
                    .build())
            .build();
    BearerAuth auth = mcpAuth.bearerAuth("mcp:read");
    // end::dpop[]
  }

  static void legacy() {
    // tag::legacy[]
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.example.com/mcp")
                    .authorizationServer(
                        AuthServerConfig.discover(
                            "https://auth.example.com", AuthServerConfig.Type.OIDC))
                    .build())
            // also answer /.well-known/oauth-authorization-server for MCP 2025-03-26 clients
            // (deprecated)
            .serveLegacyAuthorizationServerMetadata("https://auth.example.com")
            .build();
    // end::legacy[]
  }

  private static Optional<Map<String, Object>> lookUpOpaqueToken(String token) {
    return Optional.empty();
  }

  static void coreOnly(
      McpAuth mcpAuth, String method, String path, Map<String, List<String>> requestHeaders) {
    // tag::core-only[]
    // once, at startup (mcpAuth as in step 1): what the protected routes need
    BearerAuth notesAuth = mcpAuth.bearerAuth("read:notes");

    // per request: method, path and requestHeaders (name -> every value) from your HTTP server
    Optional<HttpResponse> metadata = mcpAuth.metadataFor(method, path);
    if (metadata.isPresent()) {
      // write metadata.get().status(), .headers() and .body(); done
    }
    AuthResult result =
        notesAuth.verify(RequestHeaders.of(requestHeaders).withRequestLine(method, path));
    if (result instanceof AuthResult.Denied denied) {
      // write denied.status(), denied.headers() and denied.body() verbatim; done.
      // denied.reason() says why (EXPIRED, AUDIENCE_MISMATCH, INSUFFICIENT_SCOPE, ...), for logs
      // and metrics
    } else if (result instanceof AuthResult.Authorized authorized) {
      AuthInfo who = authorized.authInfo();
      // handle the request as who.subject(), with who.scopes()
    }
    // verify() may block while keys are first fetched; on an event loop use verifyNonBlocking() and
    // finish an AuthResult.Pending with pending.await() on a worker thread.
    // end::core-only[]
  }

  static McpGate scopePolicy(String issuer) {
    // tag::scope-policy[]
    // imports: dev.mcpauth.*
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("https://notes.example.com/mcp")
                    .authorizationServer(AuthServerConfig.discover(issuer))
                    .scopesSupported("read:notes", "write:notes", "notes:admin")
                    // a token with notes:admin also satisfies read:notes and write:notes
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .impliedScopes("notes:admin", "read:notes", "write:notes")
                            .build())
                    .build())
            .build();
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth("read:notes")) // the base scope: every request
            .tool("create_note", "write:notes") // tools/call by tool name
            .resourceTemplate("notes://{id}", "read:notes") // resources/read by URI
            .resource("notes://audit-log", "notes:admin") // one exact URI
            .prompt("draft_note", "write:notes") // prompts/get by prompt name
            .method("resources/subscribe", "notes:admin") // any request with this method
            .build();
    // end::scope-policy[]
    return gate;
  }

  static void mcpServlet(String issuer) throws Exception {
    // tag::mcp-servlet[]
    // imports: dev.mcpauth.*, dev.mcpauth.mcp.*, dev.mcpauth.mcp.servlet.*,
    // io.modelcontextprotocol.server.*,
    // io.modelcontextprotocol.server.transport.*, io.modelcontextprotocol.spec.McpSchema,
    // org.eclipse.jetty.ee10.servlet.*, org.eclipse.jetty.server.*, jakarta.servlet.DispatcherType,
    // java.util.*
    McpAuth mcpAuth =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder("http://localhost:3001/mcp")
                    .authorizationServer(
                        AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))
                    .scopesSupported("read:notes", "write:notes")
                    .build())
            .build();
    // The base scope: a 401 names read:notes, so clients ask for it first and step up to
    // write:notes later.
    // Without one, the 401 names no scope and clients ask for every scope at their first login.
    McpGate gate =
        mcpAuth
            .mcpGate(mcpAuth.bearerAuth("read:notes"))
            .tool("list_notes", "read:notes")
            .tool(
                "create_note", "write:notes") // a call without it: 403 insufficient_scope, step-up
            .allowedOrigins(
                "https://app.example.com") // browser clients besides the resource's own origin
            .build();

    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .contextExtractor(
                McpAuthContextExtractor.contextExtractor()) // AuthInfo -> McpTransportContext
            .build();
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo("notes", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolCall(
                McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(),
                (exchange, call) -> {
                  AuthInfo who = McpAuthContext.authInfo(exchange).orElseThrow();
                  return McpSchema.CallToolResult.builder()
                      .addTextContent("hello " + who.subject().orElse(""))
                      .build();
                })
            .build();

    // Jetty 12 (ee10): the transport is a servlet; MCP Auth is a filter on /*, so it also answers
    // /.well-known/oauth-protected-resource/mcp, the URL every 401 points at. Both async-supported.
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(3001);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder mcp = new ServletHolder("mcp", transport);
    mcp.setAsyncSupported(true);
    context.addServlet(mcp, "/mcp");
    FilterHolder auth =
        new FilterHolder(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build());
    auth.setAsyncSupported(true);
    context.addFilter(auth, "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(context);
    jetty.start();
    // Tomcat: the same servlet and filter, registered with Context.addServletContainerInitializer
    // or in a
    // ServletContainerInitializer: asyncSupported = true on both, the filter mapped to /*.
    // end::mcp-servlet[]
  }

  static void undertow(McpAuth mcpAuth, McpGate gate, BearerAuth readNotes) {
    // tag::undertow[]
    McpUndertowHandler mcp = new McpUndertowHandler(gate);
    McpStatelessSyncServer server =
        McpServer.sync(mcp)
            .serverInfo("notes", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolCall(
                McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(),
                (context, call) ->
                    McpSchema.CallToolResult.builder()
                        .addTextContent(
                            McpAuthContext.authInfo(context).orElseThrow().subject().orElse(""))
                        .build())
            .build();

    Undertow.builder()
        .addHttpListener(3001, "127.0.0.1")
        .setHandler(
            new ProtectedResourceMetadataHandler(
                mcpAuth,
                Handlers.path()
                    .addExactPath("/mcp", mcp)
                    .addExactPath(
                        "/notes",
                        new BearerAuthHandler(
                            readNotes,
                            exchange ->
                                exchange
                                    .getResponseSender()
                                    .send(
                                        "notes of "
                                            + BearerAuthHandler.authInfo(exchange)
                                                .orElseThrow()
                                                .subject()
                                                .orElse(""))))))
        .build()
        .start();
    // end::undertow[]
  }
}
