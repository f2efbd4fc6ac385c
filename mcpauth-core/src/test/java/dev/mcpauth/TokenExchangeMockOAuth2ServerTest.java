package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenExchange} against a real authorization server that implements the RFC 8693 grant
 * (in-JVM mock-oauth2-server), over real HTTP: the exchanged token is verified by a second
 * protected resource, and the cache is shown per (inbound token, target, scopes).
 */
class TokenExchangeMockOAuth2ServerTest {
  private static final String MCP = "http://127.0.0.1:3001/mcp";
  private static final String ORDERS = "http://127.0.0.1:3002/orders";
  private static final String BILLING = "http://127.0.0.1:3003/billing";
  private static MockOAuth2Server server;
  private static String issuer;

  @BeforeAll
  static void start() throws IOException {
    server = new MockOAuth2Server();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    issuer = server.issuerUrl("default").toString();
  }

  @AfterAll
  static void stop() {
    server.shutdown();
  }

  private static AuthInfo caller(String subject, String clientId) {
    String token =
        server
            .issueToken(
                "default",
                clientId,
                new DefaultOAuth2TokenCallback(
                    "default",
                    subject,
                    "JWT",
                    List.of(MCP),
                    Map.of("scope", "mcp:read", "client_id", clientId),
                    600L))
            .serialize();
    return AuthInfo.builder(token, issuer)
        .subject(subject)
        .clientId(clientId)
        .expiresAt(Instant.now().plusSeconds(600))
        .build();
  }

  private static TokenExchange.Builder exchange() {
    return TokenExchange.builder(issuer)
        .clientSecretBasic("mcp-server", "s3cret")
        .fetchLimits(FetchLimits.builder().callTimeout(Duration.ofSeconds(20)).build());
  }

  private static McpAuth downstream(String resource) {
    return McpAuth.builder()
        .fetchLimits(FetchLimits.builder().callTimeout(Duration.ofSeconds(20)).build())
        .protectedResource(
            ResourceServerConfig.builder(resource)
                .authorizationServer(AuthServerConfig.discover(issuer, AuthServerConfig.Type.OIDC))
                .build())
        .build();
  }

  private static AuthResult verify(McpAuth auth, String token) {
    return auth.bearerAuth()
        .verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))));
  }

  @Test
  void theExchangedTokenIsAcceptedByTheDownstreamResourceAndStandsForTheCaller() {
    TokenExchange exchange = exchange().build();
    AuthInfo alice = caller("alice", "mcp-client");
    ExchangedToken token =
        exchange.exchange(alice, TokenExchange.Target.audience(ORDERS).withScopes("orders:read"));
    assertThat(token.token()).isNotEqualTo(alice.token());
    assertThat(token.tokenType()).isEqualTo("Bearer");
    assertThat(token.issuedTokenType()).isEqualTo(TokenExchange.ACCESS_TOKEN_TYPE);
    assertThat(token.expiresAt()).isPresent();
    assertThat(token.audiences()).containsExactly(ORDERS);
    assertThat(token.toString()).doesNotContain(token.token());
    try (McpAuth orders = downstream(ORDERS);
        McpAuth mcp = downstream(MCP)) {
      AuthInfo seen = assertAuthorized(verify(orders, token.token()));
      assertThat(seen.subject()).contains("alice");
      assertThat(seen.audiences()).containsExactly(ORDERS);
      // the other way round: the inbound token is not good downstream, the exchanged one not here
      assertThat(verify(orders, alice.token())).isInstanceOf(AuthResult.Denied.class);
      assertThat(verify(mcp, token.token())).isInstanceOf(AuthResult.Denied.class);
    }
  }

  @Test
  void twoUsersAndTwoAudiencesGiveFourTokensEachExchangedOnceThenCached() {
    TokenExchange exchange = exchange().build();
    // Both users come through the same OAuth client: the cache must still tell them apart.
    AuthInfo alice = caller("alice", "shared-client");
    AuthInfo bob = caller("bob", "shared-client");
    Set<String> tokens = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      for (AuthInfo user : List.of(alice, bob)) {
        for (String audience : List.of(ORDERS, BILLING)) {
          tokens.add(exchange.exchange(user, TokenExchange.Target.audience(audience)).token());
        }
      }
    }
    // 12 calls, 4 exchanges (every exchange mints a new jti, so a miss would show as a 5th token)
    assertThat(tokens).hasSize(4);
    try (McpAuth orders = downstream(ORDERS)) {
      ExchangedToken forBob = exchange.exchange(bob, TokenExchange.Target.audience(ORDERS));
      assertThat(assertAuthorized(verify(orders, forBob.token())).subject()).contains("bob");
      ExchangedToken forAlice = exchange.exchange(alice, TokenExchange.Target.audience(ORDERS));
      assertThat(assertAuthorized(verify(orders, forAlice.token())).subject()).contains("alice");
    }
  }

  @Test
  void theCacheIsPerScopesRegardlessOfTheirOrder() {
    TokenExchange exchange = exchange().clientSecretPost("mcp-server", "s3cret").build();
    AuthInfo alice = caller("alice", "mcp-client");
    TokenExchange.Target target = TokenExchange.Target.audience(ORDERS);
    String ab = exchange.exchange(alice, target.withScopes("a", "b")).token();
    String ba = exchange.exchange(alice, target.withScopes("b", "a")).token();
    String a = exchange.exchange(alice, target.withScopes("a")).token();
    assertThat(ab).isEqualTo(ba);
    assertThat(a).isNotEqualTo(ab);
  }

  @Test
  void privateKeyJwtClientAuthenticationIsAccepted() throws Exception {
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    TokenExchange exchange =
        TokenExchange.builder(issuer)
            .privateKeyJwt("mcp-server", rsa.generateKeyPair().getPrivate(), "mcp-server-key")
            .fetchLimits(FetchLimits.builder().callTimeout(Duration.ofSeconds(20)).build())
            .build();
    ExchangedToken token =
        exchange.exchange(caller("alice", "mcp-client"), TokenExchange.Target.audience(ORDERS));
    try (McpAuth orders = downstream(ORDERS)) {
      assertThat(assertAuthorized(verify(orders, token.token())).subject()).contains("alice");
    }
  }

  @Test
  void twoTokensOfOneUserAreTwoCacheEntries() {
    TokenExchange exchange = exchange().build();
    AuthInfo first = caller("alice", "mcp-client");
    AuthInfo second = caller("alice", "mcp-client");
    TokenExchange.Target target = TokenExchange.Target.audience(ORDERS);
    assertThat(exchange.exchange(first, target).token())
        .isNotEqualTo(exchange.exchange(second, target).token());
  }

  @Test
  void withoutTheCacheEveryCallExchanges() {
    TokenExchange exchange = exchange().cacheCapacity(0).build();
    AuthInfo alice = caller("alice", "mcp-client");
    TokenExchange.Target target = TokenExchange.Target.audience(ORDERS);
    assertThat(exchange.exchange(alice, target).token())
        .isNotEqualTo(exchange.exchange(alice, target).token());
  }

  @Test
  void aCallerFromAnotherIssuerIsRefusedAsMisconfigured() {
    TokenExchange exchange = exchange().build();
    AuthInfo stranger =
        AuthInfo.builder(caller("alice", "c").token(), "https://other.example").build();
    assertThatThrownBy(() -> exchange.exchange(stranger, TokenExchange.Target.audience(ORDERS)))
        .isInstanceOfSatisfying(
            TokenExchangeException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TokenExchangeException.Kind.MISCONFIGURED);
              assertThat(e.getMessage()).doesNotContain(stranger.token());
            });
  }
}
