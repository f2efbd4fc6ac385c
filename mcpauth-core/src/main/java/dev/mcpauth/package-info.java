/**
 * MCP Auth for Java: makes an MCP server (or any HTTP API) an OAuth 2.0 protected resource.
 *
 * <p>The API is 27 public types; {@code mcpauth-core/api/mcpauth-core.api} lists each with every
 * public member, and a test fails when the code and that file disagree, so the list cannot drift.
 * By role:
 *
 * <ul>
 *   <li>configure: {@link dev.mcpauth.McpAuth} (the entry point), {@link
 *       dev.mcpauth.ResourceServerConfig} (one protected resource), {@link dev.mcpauth.TokenPolicy}
 *       (how it accepts tokens), {@link dev.mcpauth.AuthServerConfig} and {@link
 *       dev.mcpauth.AuthServerMetadata} (the authorization servers), {@link
 *       dev.mcpauth.DpopSettings}, {@link dev.mcpauth.Introspection}, {@link
 *       dev.mcpauth.JwksSettings}, {@link dev.mcpauth.FetchLimits}, {@link
 *       dev.mcpauth.JwsAlgorithm};
 *   <li>protect: {@link dev.mcpauth.BearerAuth} (a route) and {@link dev.mcpauth.McpGate} (an MCP
 *       endpoint), with {@link dev.mcpauth.RequestHeaders} in and {@link dev.mcpauth.AuthResult},
 *       {@link dev.mcpauth.HttpResponse} out; {@link dev.mcpauth.AuthInfo} (the caller) and {@link
 *       dev.mcpauth.DenialReason} (why a request was refused);
 *   <li>extend: {@link dev.mcpauth.TokenVerifier}, {@link dev.mcpauth.ClaimValidator}, {@link
 *       dev.mcpauth.IssuerResolver}, {@link dev.mcpauth.McpAuthListener}, {@link
 *       dev.mcpauth.SharedStore} with {@link dev.mcpauth.StoreUnavailableException};
 *   <li>call downstream APIs as the caller: {@link dev.mcpauth.TokenExchange} (RFC 8693), giving an
 *       {@link dev.mcpauth.ExchangedToken} or a {@link dev.mcpauth.TokenExchangeException};
 *   <li>fail: {@link dev.mcpauth.McpAuthConfigException} for configuration errors.
 * </ul>
 *
 * <p>Everything else in this package is package-private: the verification pipeline, the JWT and
 * introspection verifiers, caches, the challenge renderer, JSON and HTTP plumbing. Package-private
 * is enforced by the compiler for every user, on the class path and on the module path alike; a
 * {@code module-info} that leaves an internal package unexported would only protect module-path
 * users, and would force the library's dependencies (OkHttp with Kotlin, jose4j) into JPMS
 * resolution for everyone. So there is no internal package: if a type is not listed above, it is
 * not API.
 */
package dev.mcpauth;
