package dev.mcpauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.StoreUnavailableException;
import dev.mcpauth.testing.StoreViews;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis stopped or frozen while the stores are in use: every operation fails with {@link
 * StoreUnavailableException} (never "first use" or a stale answer), and the stores recover by
 * themselves once Redis is back.
 */
class RedisOutageTest {
  @RegisterExtension final LocalRedisServer redis = new LocalRedisServer();

  private RedisStores stores;

  @BeforeEach
  void connect() {
    stores = RedisStores.builder(redis.uri()).commandTimeout(Duration.ofSeconds(1)).connect();
  }

  @AfterEach
  void close() throws Exception {
    redis.resume();
    stores.close();
  }

  private static Instant inAMinute() {
    return Instant.now().plusSeconds(60);
  }

  @Test
  void aStoppedRedisMakesEveryOperationUnavailableAndARestartedOneIsUsedAgain() throws Exception {
    StoreViews.SingleUse singleUse = StoreViews.singleUse(stores);
    StoreViews.Cache cache = StoreViews.cache(stores);
    StoreViews.Sessions sessions = StoreViews.sessions(stores);
    assertThat(singleUse.firstUse("before-outage", inAMinute())).isTrue();

    redis.stop();

    assertUnavailable(() -> singleUse.firstUse("secret-jti-hash", inAMinute()));
    assertUnavailable(() -> cache.get("secret-token-hash"));
    assertUnavailable(() -> cache.put("secret-token-hash", "v", inAMinute()));
    assertUnavailable(() -> sessions.bindIfAbsent("secret-session", "owner", inAMinute()));
    assertUnavailable(() -> sessions.owner("secret-session"));
    assertUnavailable(() -> sessions.remove("secret-session"));

    redis.start(); // empty again: --save "" keeps nothing

    Eventually.await(
        "the stores reconnect", Duration.ofSeconds(20), () -> answers(singleUse, "after-outage"));
    assertThat(singleUse.firstUse("after-outage", inAMinute())).isFalse();
    cache.put("k", "v", inAMinute());
    assertThat(cache.get("k")).contains("v");
  }

  @Test
  void aRedisThatDoesNotAnswerTimesOutAndIsUsedAgainWhenItAnswers() throws Exception {
    StoreViews.SingleUse singleUse = StoreViews.singleUse(stores);
    assertThat(singleUse.firstUse("before-freeze", inAMinute())).isTrue();

    redis.pause();

    assertThatThrownBy(() -> singleUse.firstUse("secret-jti-hash", inAMinute()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("Redis did not answer within 1000 ms");
    assertUnavailable(() -> StoreViews.cache(stores).get("secret-token-hash"));

    redis.resume();

    Eventually.await(
        "the stores answer again",
        Duration.ofSeconds(20),
        () -> answers(singleUse, "after-freeze"));
    assertThat(singleUse.firstUse("before-freeze", inAMinute()))
        .as("what was stored before the freeze is still there")
        .isFalse();
    assertThat(singleUse.firstUse("secret-jti-hash", inAMinute()))
        .as("a check that timed out (and was applied late) was released: it consumed nothing")
        .isTrue();
    assertThat(singleUse.firstUse("secret-jti-hash", inAMinute()))
        .as("and the key is single-use again")
        .isFalse();
  }

  @Test
  void connectingToAStoppedRedisFailsAsUnavailable() throws Exception {
    redis.stop();

    assertThatThrownBy(() -> RedisStores.connect(redis.uri()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("Redis at " + redis.uri() + " is unreachable");
  }

  /** True once a first use gets an answer (either answer) instead of an exception. */
  private static boolean answers(StoreViews.SingleUse store, String key) {
    try {
      store.firstUse(key, inAMinute());
      return true;
    } catch (StoreUnavailableException e) {
      return false;
    }
  }

  private static void assertUnavailable(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith("Redis ")
        .hasMessageNotContaining("secret");
  }
}
