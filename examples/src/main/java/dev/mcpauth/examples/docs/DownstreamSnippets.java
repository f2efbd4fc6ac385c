package dev.mcpauth.examples.docs;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.ExchangedToken;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.SharedStore;
import dev.mcpauth.TokenExchange;
import dev.mcpauth.TokenExchangeException;
import dev.mcpauth.mcp.McpAuthContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * The code blocks of docs/downstream.md (calling downstream APIs with token exchange) and of the
 * certificate-bound tokens section, compiled. {@code DocsCodeBlocksTest} checks each block is one
 * of these tagged regions.
 */
@SuppressWarnings("unused")
final class DownstreamSnippets {
  private DownstreamSnippets() {}

  static TokenExchange build(String secret, SharedStore redis) {
    // tag::token-exchange-build[]
    TokenExchange exchange =
        TokenExchange.builder("https://auth.example.com") // the issuer of your MCP clients' tokens
            .clientSecretBasic("notes-mcp-server", secret) // this server's own client
            .sharedStore(redis) // optional: exchanged tokens shared by every instance
            .build();
    // end::token-exchange-build[]
    return exchange;
  }

  static McpSchema.CallToolResult tool(TokenExchange exchange, McpTransportContext context) {
    // tag::token-exchange-tool[]
    AuthInfo caller = McpAuthContext.authInfo(context).orElseThrow();
    try {
      ExchangedToken token =
          exchange.exchange(
              caller,
              TokenExchange.Target.resource("https://orders.example.com/api")
                  .withScopes("orders:read"));
      HttpResponse orders = exchange.get(token, "https://orders.example.com/api/orders");
      return text(orders.body(), orders.status() != 200);
    } catch (TokenExchangeException e) {
      return switch (e.kind()) {
        case UNAVAILABLE -> text("The authorization server is unavailable; try again later.", true);
        case REFUSED -> text("Not allowed: " + e.error().orElse("refused"), true);
        case MISCONFIGURED -> text("This server is misconfigured; tell its operator.", true);
      };
    }
    // end::token-exchange-tool[]
  }

  static String ownClient(ExchangedToken token, String url) {
    // tag::token-exchange-own-client[]
    if (!token.permits(url)) {
      throw new IllegalArgumentException("not a URL of the API the token was issued for");
    }
    String authorization = token.authorizationFor(url); // "Bearer ...", only within the target
    // end::token-exchange-own-client[]
    return authorization;
  }

  static ResourceServerConfig certificateBound(String issuer) {
    // tag::certificate-bound-config[]
    ResourceServerConfig resource =
        ResourceServerConfig.builder("https://notes.example.com/mcp")
            .authorizationServer(AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))
            // accepts RFC 8705 tokens (cnf.x5t#S256) and advertises
            // tls_client_certificate_bound_access_tokens: true
            .tlsClientCertificateBoundAccessTokens(true)
            // only behind a proxy that terminates mutual TLS and strips this header from clients
            .forwardedClientCertificateHeader("X-Client-Cert")
            .build();
    // end::certificate-bound-config[]
    return resource;
  }

  static RequestHeaders ownAdapter(
      Map<String, List<String>> headers, X509Certificate clientCertificate) {
    // tag::certificate-bound-adapter[]
    RequestHeaders request =
        RequestHeaders.of(headers)
            .withRequestLine("POST", "/mcp")
            .withClientCertificate(clientCertificate); // from the TLS handshake, or null
    // end::certificate-bound-adapter[]
    return request;
  }

  private static McpSchema.CallToolResult text(String text, boolean isError) {
    return McpSchema.CallToolResult.builder()
        .content(List.of(new McpSchema.TextContent(text)))
        .isError(isError)
        .build();
  }
}
