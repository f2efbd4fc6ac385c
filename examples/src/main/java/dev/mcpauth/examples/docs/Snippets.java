package dev.mcpauth.examples.docs;

import com.google.gson.JsonPrimitive;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerType;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.BearerAuthConfig;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.IntrospectionTokenVerifier;
import dev.mcpauth.JwksSettings;
import dev.mcpauth.JwsAlgorithm;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.McpScopePolicy;
import dev.mcpauth.MetadataResponse;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.ScopeHierarchy;
import dev.mcpauth.AuthServerDiscovery;
import dev.mcpauth.AuthServerValidator;
import dev.mcpauth.DenialReason;
import dev.mcpauth.TokenVerification;
import dev.mcpauth.ValidationResult;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.mcp.McpAuthFilter;
import dev.mcpauth.mcp.McpAuthContextExtractor;
import dev.mcpauth.mcp.ScopeToolFilter;
import dev.mcpauth.undertow.BearerAuthHandler;
import dev.mcpauth.undertow.McpUndertowHandler;
import dev.mcpauth.undertow.ProtectedResourceMetadataHandler;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every code block of the documentation, compiled. {@code DocsCodeBlocksTest} checks that each
 * {@code java} block in README.md and docs/ is one of the tagged regions of this package.
 */
@SuppressWarnings("unused")
final class Snippets {
  private Snippets() {}

  static void discovery(String issuer) {
    // tag::discovery-modes[]
    AuthServerConfig oidc = AuthServerConfig.discover("https://auth.example.com", AuthServerType.OIDC);
    AuthServerConfig oauth = AuthServerConfig.discover("https://auth.example.com/tenant", AuthServerType.OAUTH);
    AuthServerConfig auto = AuthServerConfig.discover("https://auth.example.com"); // the URLs MCP clients try
    // end::discovery-modes[]

    // tag::fetch-now[]
    AuthServerDiscovery fetcher = AuthServerDiscovery.create();
    AuthServerConfig.Resolved resolved = fetcher.fetch("https://auth.example.com", AuthServerType.OIDC);
    ValidationResult check = AuthServerValidator.validate(resolved.metadata(), true);
    // end::fetch-now[]

    // tag::transpile[]
    AuthServerConfig fixed = AuthServerConfig.discover("https://auth.example.com", AuthServerType.OIDC)
        .withTranspileData(json -> {
          json.add("code_challenge_methods_supported", new com.google.gson.JsonArray());
          json.getAsJsonArray("code_challenge_methods_supported").add(new JsonPrimitive("S256"));
          return json;
        });
    // end::transpile[]

    // tag::manual[]
    AuthServerConfig manual = AuthServerConfig.resolved(AuthServerType.OAUTH,
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
    McpAuth mcpAuth = McpAuth.builder()
        .protectedResource(ResourceServerConfig.builder("https://mcp.example.com/mcp")
            // v2.0 tokens: iss is https://login.microsoftonline.com/<tenant>/v2.0
            .authorizationServer(AuthServerConfig.discover(
                "https://login.microsoftonline.com/" + tenant + "/v2.0", AuthServerType.OIDC))
            .build())
        .build();
    BearerAuth auth = mcpAuth.bearerAuth(BearerAuthConfig.builder()
        .audience("api://notes-mcp")       // Entra puts the application ID URI in aud
        .scopeClaim("scp")                 // and delegated scopes in scp
        .requiredScopes("Notes.Read")
        .build());
    // end::entra[]
  }

  static void bearerOptions(McpAuth mcpAuth) {
    // tag::bearer-options[]
    BearerAuth auth = mcpAuth.bearerAuth(BearerAuthConfig.builder()
        .resource("https://mcp.example.com/mcp")     // which configured resource
        .requiredScopes("mcp:read")                  // all required; 403 names what is missing
        .requireAccessTokenProfile()                 // RFC 9068: typ at+jwt, client_id, iat, jti
        .algorithms(JwsAlgorithm.RS256, JwsAlgorithm.ES256)
        .clockSkew(Duration.ofSeconds(30))
        .scopeHierarchy(ScopeHierarchy.builder().implies("mcp:admin", "mcp:read", "mcp:write").build())
        .maxHeaderLength(4096)
        .build());
    // end::bearer-options[]
  }

  static void jwks() {
    // tag::jwks[]
    McpAuth mcpAuth = McpAuth.builder()
        .protectedResource(ResourceServerConfig.builder("https://mcp.example.com/mcp")
            .authorizationServer(AuthServerConfig.discover("https://auth.example.com"))
            .build())
        .jwksSettings(JwksSettings.defaults()
            .withRefetchCooldown(Duration.ofSeconds(5))   // unknown kid: at most one refetch per 5 s
            .withMaxStale(Duration.ofHours(6)))           // keep serving known keys through outages
        .build();
    // end::jwks[]
  }

  static void custom(McpAuth mcpAuth) {
    // tag::custom-verifier[]
    BearerAuth auth = mcpAuth.bearerAuth(token -> {
      Optional<Map<String, Object>> session = lookUpOpaqueToken(token);  // your own store or service
      if (session.isEmpty()) {
        return TokenVerification.rejected(DenialReason.INACTIVE, null);
      }
      Map<String, Object> s = session.get();
      return TokenVerification.verified(AuthInfo.builder(token, "https://auth.example.com")
          .subject((String) s.get("user"))
          .audiences(List.of("https://mcp.example.com/mcp"))
          .scopes(List.of("mcp:read"))
          .expiresAt((java.time.Instant) s.get("expires"))
          .build());
    }, BearerAuthConfig.builder().requiredScopes("mcp:read").build());
    // MCP Auth still checks issuer, audience, expiry and scopes of what the verifier returns.
    // end::custom-verifier[]
  }

  static void introspection(McpAuth mcpAuth, String secret) {
    // tag::introspection[]
    IntrospectionTokenVerifier introspection = IntrospectionTokenVerifier
        .builder(mcpAuth, "https://mcp.example.com/mcp", "https://auth.example.com")
        .clientCredentials("mcp-server", secret)           // RFC 7662 requires client authentication
        .cache(Duration.ofSeconds(30), 10_000)            // bounded by each token's exp as well
        .build();

    // opaque tokens only:
    BearerAuth opaque = mcpAuth.bearerAuth(introspection, BearerAuthConfig.builder().requiredScopes("mcp:read").build());
    // or mixed: JWTs verified locally, everything else introspected:
    BearerAuth mixed = mcpAuth.bearerAuth(BearerAuthConfig.builder().requiredScopes("mcp:read").build(), introspection);
    // end::introspection[]
  }

  static void dpop() {
    // tag::dpop[]
    McpAuth mcpAuth = McpAuth.builder()
        .protectedResource(ResourceServerConfig.builder("https://mcp.example.com/mcp")
            .authorizationServer(AuthServerConfig.discover("https://auth.example.com", AuthServerType.OIDC))
            .dpopSigningAlgValuesSupported("ES256", "PS256")    // advertised in the metadata
            .build())
        .build();
    BearerAuth auth = mcpAuth.bearerAuth(BearerAuthConfig.builder()
        .dpop(DpopSettings.defaults()          // Authorization: DPoP <token> plus a DPoP proof
            .withNonces()                    // optional: server nonces (use_dpop_nonce, DPoP-Nonce)
            .withReplayCache())              // optional: each proof jti once
        .build());
    // end::dpop[]
  }

  static void legacy() {
    // tag::legacy[]
    McpAuth mcpAuth = McpAuth.builder()
        .protectedResource(ResourceServerConfig.builder("https://mcp.example.com/mcp")
            .authorizationServer(AuthServerConfig.discover("https://auth.example.com", AuthServerType.OIDC))
            .build())
        // also answer /.well-known/oauth-authorization-server for MCP 2025-03-26 clients (deprecated)
        .serveLegacyAuthorizationServerMetadata("https://auth.example.com")
        .build();
    // end::legacy[]
  }

  private static Optional<Map<String, Object>> lookUpOpaqueToken(String token) {
    return Optional.empty();
  }

  static void coreOnly(McpAuth mcpAuth, BearerAuth notesAuth, String method, String path,
      Map<String, List<String>> requestHeaders) {
    // tag::core-only[]
    Optional<MetadataResponse> metadata = mcpAuth.metadataFor(method, path);
    if (metadata.isPresent()) {
      // write metadata.get().status(), .headers() and .body(); done
    }
    AuthResult result = notesAuth.verify(RequestHeaders.of(requestHeaders));
    if (result instanceof AuthResult.Denied) {
      AuthResult.Denied denied = (AuthResult.Denied) result;
      // write denied.status(), denied.headers() and denied.body() verbatim; done
    } else {
      AuthInfo who = ((AuthResult.Authorized) result).authInfo();
      // handle the request as who.subject(), with who.scopes()
    }
    // end::core-only[]
  }

  static void mcpServlet(McpAuth mcpAuth) {
    // tag::mcp-servlet[]
    McpGate gate = McpGate.builder(mcpAuth.bearerAuth(BearerAuthConfig.builder().build()))
        .scopePolicy(McpScopePolicy.builder()
            .tool("list_notes", "read:notes")
            .tool("create_note", "write:notes")   // a call without it: 403 insufficient_scope, step-up
            .build())
        .build();

    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .mcpEndpoint("/mcp")
        .contextExtractor(McpAuthContextExtractor.contextExtractor())   // AuthInfo -> McpTransportContext
        .httpHeaderValidator(DefaultServerTransportSecurityValidator.builder()   // DNS-rebinding protection
            .allowedHost("localhost:3001").allowedOrigin("http://localhost:3001").build())
        .build();

    McpSyncServer server = McpServer.sync(transport)
        .serverInfo("notes", "1.0.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .addToolFilter(new ScopeToolFilter(gate))                // hide tools the caller cannot use
        .toolCall(McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(), (exchange, call) -> {
          AuthInfo who = McpAuthContext.authInfo(exchange).orElseThrow();
          return McpSchema.CallToolResult.builder().addTextContent("hello " + who.subject().orElse("")).build();
        })
        .build();

    // Register transport as an async-supported servlet at /mcp, and in front of it, async-supported too:
    McpAuthFilter filter = McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build();
    // end::mcp-servlet[]
  }

  static void undertow(McpAuth mcpAuth, McpGate gate, BearerAuth readNotes) {
    // tag::undertow[]
    McpUndertowHandler mcp = new McpUndertowHandler(gate);
    McpStatelessSyncServer server = McpServer.sync(mcp)
        .serverInfo("notes", "1.0.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .toolCall(McpSchema.Tool.builder("whoami", Map.of("type", "object")).build(), (context, call) ->
            McpSchema.CallToolResult.builder()
                .addTextContent(McpAuthContext.authInfo(context).orElseThrow().subject().orElse("")).build())
        .build();

    Undertow.builder()
        .addHttpListener(3001, "127.0.0.1")
        .setHandler(new ProtectedResourceMetadataHandler(mcpAuth, Handlers.path()
            .addExactPath("/mcp", mcp)
            .addExactPath("/notes", new BearerAuthHandler(readNotes, exchange ->
                exchange.getResponseSender().send("notes of "
                    + BearerAuthHandler.authInfo(exchange).orElseThrow().subject().orElse(""))))))
        .build()
        .start();
    // end::undertow[]
  }
}
