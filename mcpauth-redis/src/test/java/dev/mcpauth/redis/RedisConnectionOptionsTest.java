package dev.mcpauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.StoreUnavailableException;
import dev.mcpauth.testing.StoreViews;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Authentication and TLS come from the URI (plus, for a private CA, a PEM file). */
class RedisConnectionOptionsTest {

  @Nested
  class Password {
    @RegisterExtension
    final LocalRedisServer redis = LocalRedisServer.withArguments("--requirepass", "s3cret-pw");

    private String uri(String userInfo) {
      return redis.uri().replace("redis://", "redis://" + userInfo + "@");
    }

    @Test
    void theRightPasswordInTheUriIsUsed() {
      try (RedisStores stores =
          LocalRedisServer.patient(RedisStores.builder(uri(":s3cret-pw"))).connect()) {
        assertThat(StoreViews.singleUse(stores).firstUse("k", Instant.now().plusSeconds(60)))
            .isTrue();
        assertThat(stores.toString())
            .isEqualTo("RedisStores[" + redis.uri() + ", keyPrefix=mcpauth:]");
      }
      try (RedisStores stores =
          LocalRedisServer.patient(RedisStores.builder(uri("default:s3cret-pw"))).connect()) {
        assertThat(StoreViews.singleUse(stores).firstUse("k", Instant.now().plusSeconds(60)))
            .isFalse();
      }
    }

    @Test
    void aWrongOrMissingPasswordFailsAtConnectWithoutShowingThePassword() {
      assertThatThrownBy(() -> RedisStores.connect(uri(":wrong-pw")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageNotContaining("wrong-pw");
      assertThatThrownBy(() -> RedisStores.connect(redis.uri()))
          .isInstanceOf(StoreUnavailableException.class);
    }
  }

  @Nested
  class Tls {
    @RegisterExtension final LocalRedisServer redis = LocalRedisServer.withTls();

    @Test
    void aRedissUriSpeaksTlsAndVerifiesTheServer() {
      try (RedisStores stores =
          LocalRedisServer.patient(RedisStores.builder(redis.uri()))
              .tlsTrustedCertificates(redis.certificate())
              .connect()) {
        assertThat(StoreViews.singleUse(stores).firstUse("k", Instant.now().plusSeconds(60)))
            .isTrue();
        assertThat(StoreViews.singleUse(stores).firstUse("k", Instant.now().plusSeconds(60)))
            .isFalse();
      }
    }

    @Test
    void anUntrustedServerCertificateIsRefused() {
      assertThatThrownBy(() -> RedisStores.connect(redis.uri()))
          .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aPlainConnectionToATlsPortFails() {
      String plain = redis.uri().replace("rediss://", "redis://");
      assertThatThrownBy(
              () ->
                  RedisStores.builder(plain)
                      .connectTimeout(java.time.Duration.ofSeconds(2))
                      .connect())
          .isInstanceOf(StoreUnavailableException.class);
    }
  }
}
