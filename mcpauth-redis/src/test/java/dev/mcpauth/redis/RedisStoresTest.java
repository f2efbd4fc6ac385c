package dev.mcpauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.StoreUnavailableException;
import dev.mcpauth.testing.StoreViews;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The three stores against a real redis-server on loopback. */
class RedisStoresTest {
  @RegisterExtension static final LocalRedisServer REDIS = new LocalRedisServer();

  private static RedisStores stores;
  private static RedisInspector inspector;

  @BeforeAll
  static void connect() {
    stores = LocalRedisServer.patient(RedisStores.builder(REDIS.uri())).connect();
    inspector = new RedisInspector(REDIS.uri());
  }

  @AfterAll
  static void close() {
    stores.close();
    inspector.close();
  }

  @BeforeEach
  void emptyRedis() {
    inspector.flushAll();
  }

  private static Instant inAMinute() {
    return Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
  }

  @Test
  void firstUseWinsOnceAndLaterUsesLose() {
    StoreViews.SingleUse store = StoreViews.singleUse(stores);

    assertThat(store.firstUse("jti-hash-1", inAMinute())).isTrue();
    assertThat(store.firstUse("jti-hash-1", inAMinute())).isFalse();
    assertThat(store.firstUse("jti-hash-1", inAMinute())).isFalse();
    assertThat(store.firstUse("jti-hash-2", inAMinute())).isTrue();
  }

  @Test
  void exactlyOneOfManyConcurrentFirstUsesWins() throws Exception {
    StoreViews.SingleUse store = StoreViews.singleUse(stores);
    int threads = 16;
    int keys = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int k = 0; k < keys; k++) {
        String key = "race-" + k;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return store.firstUse(key, inAMinute());
                  }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> result : results) {
          if (result.get(30, TimeUnit.SECONDS)) {
            winners++;
          }
        }
        assertThat(winners).as("winners for %s", key).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFirstUseIsRecordedWithTheRequestedExpiryAndForgottenAfterIt() {
    StoreViews.SingleUse store = StoreViews.singleUse(stores);
    Instant expiresAt = inAMinute();

    assertThat(store.firstUse("expiring", expiresAt)).isTrue();

    assertThat(inspector.commands().pexpiretime("mcpauth:u:expiring"))
        .isEqualTo(expiresAt.toEpochMilli());

    // A short expiry: the key is used now, and usable again once Redis has expired it.
    assertThat(store.firstUse("short", Instant.now().plusMillis(150))).isTrue();
    Eventually.await(
        "the short-lived record expires",
        Duration.ofSeconds(10),
        () -> store.firstUse("short", Instant.now().plusMillis(150)));
  }

  @Test
  void anExpiryInThePastRecordsNothing() {
    StoreViews.SingleUse store = StoreViews.singleUse(stores);

    assertThat(store.firstUse("past", Instant.now().minusSeconds(5))).isTrue();
    assertThat(inspector.commands().exists("mcpauth:u:past")).isZero();
    assertThat(store.firstUse("epoch", Instant.EPOCH)).isTrue();
  }

  @Test
  void theCacheAnswersWhatWasPutUntilItExpires() {
    StoreViews.Cache cache = StoreViews.cache(stores);
    Instant expiresAt = inAMinute();

    assertThat(cache.get("introspection-hash")).isEmpty();
    cache.put("introspection-hash", "{\"active\":true}", expiresAt);

    assertThat(cache.get("introspection-hash")).contains("{\"active\":true}");
    assertThat(inspector.commands().pexpiretime("mcpauth:c:introspection-hash"))
        .isEqualTo(expiresAt.toEpochMilli());

    cache.put("introspection-hash", "{\"active\":false}", inAMinute());
    assertThat(cache.get("introspection-hash")).contains("{\"active\":false}");

    cache.put("short", "v", Instant.now().plusMillis(150));
    Eventually.await(
        "the short-lived entry expires",
        Duration.ofSeconds(10),
        () -> cache.get("short").isEmpty());
  }

  @Test
  void aSessionIsBoundToItsFirstOwnerUntilRemoved() {
    StoreViews.Sessions sessions = StoreViews.sessions(stores);
    Instant expiresAt = inAMinute();

    assertThat(sessions.owner("session-hash")).isEmpty();
    assertThat(sessions.bindIfAbsent("session-hash", "alice-hash", expiresAt))
        .isEqualTo("alice-hash");
    assertThat(sessions.bindIfAbsent("session-hash", "mallory-hash", inAMinute()))
        .isEqualTo("alice-hash");
    assertThat(sessions.owner("session-hash")).contains("alice-hash");
    assertThat(inspector.commands().pexpiretime("mcpauth:s:session-hash"))
        .as("a refused bind does not change the expiry")
        .isEqualTo(expiresAt.toEpochMilli());

    sessions.remove("session-hash");
    assertThat(sessions.owner("session-hash")).isEmpty();
    assertThat(sessions.bindIfAbsent("session-hash", "bob-hash", inAMinute()))
        .isEqualTo("bob-hash");
    sessions.remove("never-bound");
  }

  @Test
  void concurrentBindsAgreeOnOneOwner() throws Exception {
    StoreViews.Sessions sessions = StoreViews.sessions(stores);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      AtomicInteger ids = new AtomicInteger();
      for (int t = 0; t < threads; t++) {
        String owner = "owner-" + ids.incrementAndGet();
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return sessions.bindIfAbsent("contested", owner, inAMinute());
                }));
      }
      go.countDown();
      Set<String> owners = ConcurrentHashMap.newKeySet();
      for (Future<String> result : results) {
        owners.add(result.get(30, TimeUnit.SECONDS));
      }
      assertThat(owners).hasSize(1);
      assertThat(sessions.owner("contested")).contains(owners.iterator().next());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyKeyIsUnderThePrefixAndItsKind() {
    StoreViews.singleUse(stores).firstUse("a", inAMinute());
    StoreViews.cache(stores).put("a", "v", inAMinute());
    StoreViews.sessions(stores).bindIfAbsent("a", "o", inAMinute());

    assertThat(inspector.allKeys())
        .containsExactlyInAnyOrder("mcpauth:u:a", "mcpauth:c:a", "mcpauth:s:a");
  }

  @Test
  void twoPrefixesShareOneRedisWithoutSeeingEachOther() {
    try (RedisStores other =
        LocalRedisServer.patient(RedisStores.builder(REDIS.uri()))
            .keyPrefix("tenant-b:")
            .connect()) {
      assertThat(StoreViews.singleUse(stores).firstUse("same", inAMinute())).isTrue();
      assertThat(StoreViews.singleUse(other).firstUse("same", inAMinute())).isTrue();
      StoreViews.cache(stores).put("same", "from-a", inAMinute());
      assertThat(StoreViews.cache(other).get("same")).isEmpty();

      assertThat(inspector.allKeys())
          .containsExactlyInAnyOrder("mcpauth:u:same", "tenant-b:u:same", "mcpauth:c:same");
    }
  }

  @Test
  void closedStoresAreUnavailable() {
    RedisStores closing = LocalRedisServer.patient(RedisStores.builder(REDIS.uri())).connect();
    StoreViews.SingleUse store = StoreViews.singleUse(closing);
    closing.close();
    closing.close();

    assertThatThrownBy(() -> store.firstUse("k", inAMinute()))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void theServerVersionIsReadFromInfo() {
    assertThat(
            RedisStores.majorVersion(
                "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n"))
        .contains(7);
    assertThat(RedisStores.majorVersion("# Server\r\nredis_version:6.2.14\r\n")).contains(6);
    assertThat(RedisStores.majorVersion("redis_version:7.2.4\nvalkey_version:8.0.1\n")).contains(7);
    assertThat(RedisStores.majorVersion("# Server\r\n")).isEmpty();
    assertThat(RedisStores.majorVersion(inspector.commands().info("server")))
        .hasValueSatisfying(major -> assertThat(major).isGreaterThanOrEqualTo(7));
  }

  @Test
  void badOptionsAreRefused() {
    assertThatThrownBy(() -> RedisStores.builder("http://localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisStores.builder(REDIS.uri()).commandTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisStores.builder(REDIS.uri()).keyPrefix("has space"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
