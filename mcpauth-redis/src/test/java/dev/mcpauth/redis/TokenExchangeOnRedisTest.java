package dev.mcpauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.TokenExchange;
import dev.mcpauth.testing.FakeAuthorizationServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TokenExchange} instances sharing exchanged tokens through one real redis-server (each with
 * its own connection, as two processes would): a token one exchanged serves the other for the same
 * caller token and target only, and Redis holds neither the exchanged nor the caller's token in the
 * clear.
 */
class TokenExchangeOnRedisTest {
  @RegisterExtension final LocalRedisServer redis = new LocalRedisServer();

  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private int issued;

  TokenExchangeOnRedisTest() {
    as.respondToRequest(
        request ->
            FakeAuthorizationServer.json(
                200,
                "{\"access_token\":\"exchanged-"
                    + (++issued)
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    as.close();
  }

  private TokenExchange instance() {
    RedisStores stores = LocalRedisServer.patient(RedisStores.builder(redis.uri())).connect();
    toClose.add(stores);
    return TokenExchange.builder(as.issuer())
        .clientSecretBasic("mcp-server", "s3cret")
        .sharedStore(stores)
        .build();
  }

  private AuthInfo caller(String token) {
    return AuthInfo.builder(token, as.issuer())
        .subject("alice")
        .expiresAt(Instant.now().plusSeconds(600))
        .build();
  }

  @Test
  void oneInstanceExchangesAndTheOtherReusesItForTheSameCallerTokenOnly() throws Exception {
    TokenExchange.Target orders = TokenExchange.Target.resource("https://orders.example/api");
    TokenExchange a = instance();
    TokenExchange b = instance();
    assertThat(a.exchange(caller("alice-inbound-token"), orders).token()).isEqualTo("exchanged-1");
    assertThat(b.exchange(caller("alice-inbound-token"), orders).token()).isEqualTo("exchanged-1");
    assertThat(b.exchange(caller("bob-inbound-token"), orders).token()).isEqualTo("exchanged-2");
    assertThat(as.hits("/as/token")).isEqualTo(2);
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      List<String> keys = inspector.allKeys();
      assertThat(keys).hasSize(2);
      for (String key : keys) {
        assertThat(key).doesNotContain("inbound");
        String value = inspector.commands().get(key);
        assertThat(value).doesNotContain("exchanged-").doesNotContain("inbound");
        assertThat(inspector.commands().ttl(key)).isBetween(1L, 300L);
      }
    }
  }
}
