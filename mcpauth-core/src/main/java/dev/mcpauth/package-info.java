/**
 * MCP Auth for Java: makes an MCP server (or any HTTP API) an OAuth 2.0 protected resource.
 *
 * <p>What is yours to use: {@link dev.mcpauth.McpAuth} (entry point; RFC 9728 metadata through
 * {@code metadataFor}), {@link dev.mcpauth.ResourceServerConfig} and {@link
 * dev.mcpauth.TokenPolicy} (one protected resource and how it accepts tokens), {@link
 * dev.mcpauth.AuthServerConfig} with {@link dev.mcpauth.AuthServerConfig.Type}, {@link
 * dev.mcpauth.AuthServerMetadata}, {@link dev.mcpauth.AuthServerDiscovery} and {@link
 * dev.mcpauth.AuthServerMetadata.Validation} (the authorization servers), {@link
 * dev.mcpauth.BearerAuth} with {@link dev.mcpauth.BearerAuthConfig} (one protected route), {@link
 * dev.mcpauth.McpGate}, {@link dev.mcpauth.McpScopePolicy} and {@link dev.mcpauth.McpGate.Decision}
 * (an MCP endpoint), {@link dev.mcpauth.RequestHeaders} in, {@link dev.mcpauth.AuthResult} and
 * {@link dev.mcpauth.HttpResponse} out, {@link dev.mcpauth.AuthInfo} (the caller) and {@link
 * dev.mcpauth.DenialReason} (why a request was refused); extension points {@link
 * dev.mcpauth.TokenVerifier} (with {@link dev.mcpauth.TokenVerification}) and {@link
 * dev.mcpauth.ClaimValidator}; settings {@link dev.mcpauth.DpopSettings}, {@link
 * dev.mcpauth.Introspection}, {@link dev.mcpauth.JwksSettings}, {@link dev.mcpauth.FetchLimits},
 * {@link dev.mcpauth.ScopeHierarchy}, {@link dev.mcpauth.JwsAlgorithm}; shared state for
 * deployments of several instances {@link dev.mcpauth.SingleUseStore}, {@link
 * dev.mcpauth.ExpiringCache}, {@link dev.mcpauth.SessionStore} and {@link
 * dev.mcpauth.StoreUnavailableException}; and {@link dev.mcpauth.McpAuthConfigException} for
 * configuration errors.
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
