package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The catalogue fixture (security.md §3.0): a real loopback server playing the authorization
 * server's JWKS, resource {@code https://mcp.test/mcp}, baseline scope {@code mcp:read}.
 */
final class Fixture implements AutoCloseable {
  static final String RESOURCE = "https://mcp.test/mcp";
  static final String PRM = "https://mcp.test/.well-known/oauth-protected-resource/mcp";

  final FakeAuthorizationServer as = new FakeAuthorizationServer();
  final McpAuth mcpAuth;
  final BearerAuth auth;
  private final Clock clock;

  Fixture() {
    this(UnaryOperator.identity(), Clock.systemUTC());
  }

  Fixture(UnaryOperator<TokenPolicy.Builder> policy, Clock clock) {
    this(policy, clock, JwksSettings.defaults());
  }

  Fixture(UnaryOperator<TokenPolicy.Builder> policy, Clock clock, JwksSettings jwks) {
    this((r, server) -> r, policy, clock, jwks);
  }

  /** Adjusts the resource's configuration, knowing the fixture's authorization server. */
  interface ResourceCustomizer {
    ResourceServerConfig.Builder apply(
        ResourceServerConfig.Builder builder, FakeAuthorizationServer as);
  }

  /**
   * The fixture with the resource's configuration adjusted (a token verifier, introspection, ...).
   */
  Fixture(
      ResourceCustomizer resource,
      UnaryOperator<TokenPolicy.Builder> policy,
      Clock clock,
      JwksSettings jwks) {
    this.clock = clock;
    mcpAuth =
        McpAuth.builder()
            .clock(clock)
            .jwksSettings(jwks)
            .protectedResource(
                resource
                    .apply(
                        ResourceServerConfig.builder(RESOURCE)
                            .authorizationServer(
                                AuthServerConfig.resolved(
                                    AuthServerConfig.Type.OIDC, as.metadata()))
                            .scopesSupported("mcp:read", "mcp:write")
                            .tokenPolicy(policy.apply(TokenPolicy.builder()).build()),
                        as)
                    .build())
            .build();
    auth = mcpAuth.bearerAuth("mcp:read");
  }

  Tokens.Builder valid() {
    return Tokens.valid(as.issuer(), RESOURCE, clock.instant().getEpochSecond());
  }

  AuthResult verifyHeader(String authorization) {
    return auth.verify(RequestHeaders.of(Map.of("Authorization", List.of(authorization))));
  }

  AuthResult verifyToken(String token) {
    return verifyHeader("Bearer " + token);
  }

  static AuthInfo assertAuthorized(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Authorized.class);
    return ((AuthResult.Authorized) result).authInfo();
  }

  static AuthResult.Denied assertDenied(AuthResult result, int status) {
    assertThat(result).isInstanceOf(AuthResult.Denied.class);
    AuthResult.Denied denied = (AuthResult.Denied) result;
    assertThat(denied.status()).isEqualTo(status);
    return denied;
  }

  /** 401 invalid_token with exactly this description. */
  static void assertInvalidToken(AuthResult result, DenialReason failure) {
    AuthResult.Denied denied = assertDenied(result, 401);
    assertThat(denied.wwwAuthenticate())
        .contains(
            "Bearer error=\"invalid_token\", error_description=\""
                + failure.description()
                + "\", resource_metadata=\""
                + PRM
                + "\"");
    assertThat(denied.body())
        .isEqualTo(
            "{\"error\":\"invalid_token\",\"error_description\":\""
                + failure.description()
                + "\"}");
  }

  /** 401 without an error: the client presented no Bearer credentials. */
  static void assertNoCredentials(AuthResult result) {
    AuthResult.Denied denied = assertDenied(result, 401);
    assertThat(denied.reason()).isEqualTo(DenialReason.MISSING_CREDENTIALS);
    assertThat(denied.wwwAuthenticate())
        .contains("Bearer resource_metadata=\"" + PRM + "\", scope=\"mcp:read\"");
  }

  static void assertInvalidRequest(AuthResult result) {
    AuthResult.Denied denied = assertDenied(result, 400);
    assertThat(denied.wwwAuthenticate())
        .contains(
            "Bearer error=\"invalid_request\", error_description=\""
                + "The request carries more than one credential.\", resource_metadata=\""
                + PRM
                + "\"");
  }

  @Override
  public void close() {
    mcpAuth.close();
    as.close();
  }
}
