package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import java.time.Duration;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JwksCache} on its own, against a real loopback JWKS endpoint: lifetime from {@code
 * Cache-Control} (clamped), refresh-ahead in the background, stale-if-error up to {@code maxStale}
 * then Unavailable with Retry-After, the unknown-kid refetch cool-down, answering Pending instead
 * of waiting, and {@code currentlyHolds}. The clock is moved by hand and background fetches run
 * when the test says so ({@link QueuedExecutor}): no sleeps.
 */
class JwksCacheTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final JwksSettings SETTINGS =
      JwksSettings.builder()
          .minTtl(Duration.ofSeconds(60))
          .defaultTtl(Duration.ofSeconds(120))
          .maxTtl(Duration.ofSeconds(600))
          .refreshAhead(Duration.ofSeconds(30))
          .maxStale(Duration.ofSeconds(600))
          .refetchCooldown(Duration.ofSeconds(10))
          .build();

  private final FakeAuthorizationServer server = new FakeAuthorizationServer();
  private final MutableClock clock = MutableClock.atSystemTime();
  private final QueuedExecutor executor = new QueuedExecutor();
  private final HttpFetcher http = new HttpFetcher(new OkHttpClient(), FetchLimits.defaults());
  private volatile String jwks = TestKeys.jwks(TestKeys.K1);
  private volatile String cacheControl = "max-age=300";
  private volatile int status = 200;

  JwksCacheTest() {
    server.respond(
        path -> {
          MockResponse.Builder response =
              new MockResponse.Builder()
                  .code(status)
                  .addHeader("Content-Type", "application/json")
                  .body(status == 200 ? jwks : "{}");
          if (cacheControl != null) {
            response.addHeader("Cache-Control", cacheControl);
          }
          return response.build();
        });
  }

  @AfterEach
  void close() {
    server.close();
  }

  private JwksCache cache(JwksSettings settings) {
    return new JwksCache(server.jwksUri(), http, settings, clock, executor, WAIT);
  }

  private static KeyLookup.Result lookup(JwksCache cache, String kid, boolean mayWait) {
    return cache.lookup(kid, JwsAlgorithm.RS256, mayWait);
  }

  /** Loads the keys the way an event loop would: Pending, then the background fetch, then Found. */
  private JwksCache warm(JwksSettings settings) {
    JwksCache cache = cache(settings);
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Pending.class);
    assertThat(executor.runAll()).isEqualTo(1);
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Found.class);
    assertThat(cache.fetchCount()).isEqualTo(1);
    return cache;
  }

  private void advance(Duration d) {
    clock.advance(d);
  }

  // ---- lifetime from Cache-Control --------------------------------------------------------------

  /**
   * The lifetime the cache gave the keys: the refresh is queued exactly when expiry minus
   * refresh-ahead is reached.
   */
  private void assertLifetime(String header, Duration expected) {
    cacheControl = header;
    JwksCache cache = warm(SETTINGS);
    Duration refreshAt = expected.minus(SETTINGS.refreshAhead());
    advance(refreshAt.minusMillis(1));
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Found.class);
    assertThat(executor.queued())
        .as("no refresh before %s (Cache-Control %s)", refreshAt, header)
        .isZero();
    advance(Duration.ofMillis(1));
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Found.class);
    assertThat(executor.queued())
        .as("a refresh at %s (Cache-Control %s)", refreshAt, header)
        .isEqualTo(1);
  }

  @Test
  void maxAgeWithinTheBoundsIsTheLifetime() {
    assertLifetime("public, max-age=300", Duration.ofSeconds(300));
  }

  @Test
  void aShortMaxAgeIsRaisedToMinTtl() {
    assertLifetime("max-age=5", SETTINGS.minTtl());
  }

  @Test
  void noStoreIsRaisedToMinTtl() {
    assertLifetime("no-store", SETTINGS.minTtl());
  }

  @Test
  void aLongMaxAgeIsCappedAtMaxTtl() {
    assertLifetime("max-age=86400", SETTINGS.maxTtl());
  }

  @Test
  void withoutCacheControlTheDefaultTtlApplies() {
    assertLifetime(null, SETTINGS.defaultTtl());
  }

  // ---- refresh-ahead ----------------------------------------------------------------------------

  @Test
  void refreshAheadRunsInTheBackgroundWhileRequestsUseTheCurrentKeys() {
    JwksCache cache = warm(SETTINGS);
    jwks = TestKeys.jwks(TestKeys.K1, TestKeys.K2); // rotated at the authorization server
    advance(Duration.ofSeconds(270)); // 300 s lifetime, 30 s ahead
    // Even a lookup that may wait answers at once from the current keys; the refresh only starts.
    assertThat(lookup(cache, "k1", true)).isInstanceOf(KeyLookup.Found.class);
    assertThat(executor.queued()).isEqualTo(1);
    assertThat(cache.fetchCount()).isEqualTo(1);
    assertThat(lookup(cache, "k1", true)).isInstanceOf(KeyLookup.Found.class);
    assertThat(executor.queued()).as("a second request joins the refresh").isEqualTo(1);

    executor.runAll();
    assertThat(cache.fetchCount()).isEqualTo(2);
    assertThat(lookup(cache, "k2", false)).isInstanceOf(KeyLookup.Found.class);
    assertThat(executor.queued()).as("the new keys are fresh: no further refresh").isZero();
  }

  // ---- stale-if-error ---------------------------------------------------------------------------

  @Test
  void failedRefreshesKeepTheLastKeysUpToMaxStaleThenUnavailableWithRetryAfter() {
    JwksCache cache = warm(SETTINGS);
    status = 503;
    advance(Duration.ofSeconds(301)); // expired, within max-stale
    assertThat(lookup(cache, "k1", true)).isInstanceOf(KeyLookup.Found.class);
    assertThat(executor.runAll()).isEqualTo(1); // the background refresh fails
    assertThat(cache.fetchCount()).isEqualTo(2);
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Found.class);

    advance(Duration.ofSeconds(599)); // expiry + max-stale exactly: still served
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Found.class);
    assertThat(executor.runAll()).isEqualTo(1); // another failed refresh, started at t = 900 s

    advance(Duration.ofMillis(2_500)); // past expiry + max-stale, inside the cool-down
    KeyLookup.Result lookup = lookup(cache, "k1", true);
    assertThat(lookup).isInstanceOf(KeyLookup.Unavailable.class);
    // The next fetch may start 7.5 s from now: Retry-After rounds up to whole seconds.
    assertThat(((KeyLookup.Unavailable) lookup).retryAfter()).isEqualTo(Duration.ofSeconds(8));
    assertThat(executor.queued()).isZero();

    advance(Duration.ofMillis(7_500)); // the cool-down is over
    assertThat(lookup(cache, "k1", false))
        .as("a fetch starts; the caller does not wait")
        .isInstanceOf(KeyLookup.Pending.class);
    assertThat(executor.queued()).isEqualTo(1);
    status = 200;
    executor.runAll();
    assertThat(lookup(cache, "k1", false))
        .as("the authorization server is back")
        .isInstanceOf(KeyLookup.Found.class);
  }

  @Test
  void aColdCacheWhoseFetchFailsIsUnavailableForTheWholeCooldown() {
    status = 500;
    executor.runInline(true); // the waiting caller's fetch runs (and fails) before it waits
    JwksCache cache = cache(SETTINGS);
    KeyLookup.Result lookup = lookup(cache, "k1", true);
    assertThat(lookup).isInstanceOf(KeyLookup.Unavailable.class);
    assertThat(((KeyLookup.Unavailable) lookup).retryAfter()).isEqualTo(SETTINGS.refetchCooldown());
    assertThat(((KeyLookup.Unavailable) lookup).reason()).contains(server.jwksUri());
    assertThat(cache.fetchCount()).isEqualTo(1);
  }

  @Test
  void retryAfterIsAtLeastOneSecondWhenTheNextFetchMayStartAtOnce() {
    status = 500;
    executor.runInline(true);
    JwksCache cache = cache(SETTINGS.newBuilder().refetchCooldown(Duration.ZERO).build());
    KeyLookup.Result lookup = lookup(cache, "k1", true);
    assertThat(((KeyLookup.Unavailable) lookup).retryAfter()).isEqualTo(Duration.ofSeconds(1));
  }

  // ---- unknown kid ------------------------------------------------------------------------------

  @Test
  void anUnknownKidRefetchesAtMostOncePerCooldown() {
    JwksCache cache = warm(SETTINGS);
    executor.runInline(true);
    advance(SETTINGS.refetchCooldown());
    jwks = TestKeys.jwks(TestKeys.K1, TestKeys.K2);

    assertThat(lookup(cache, "k2", true))
        .as("a rotation is picked up at once")
        .isInstanceOf(KeyLookup.Found.class);
    assertThat(cache.fetchCount()).isEqualTo(2);

    assertThat(lookup(cache, "k9", true)).isInstanceOf(KeyLookup.NoMatch.class);
    assertThat(lookup(cache, "k8", true)).isInstanceOf(KeyLookup.NoMatch.class);
    assertThat(cache.fetchCount()).as("inside the cool-down: no fetch").isEqualTo(2);

    advance(SETTINGS.refetchCooldown().minusMillis(1));
    assertThat(lookup(cache, "k7", true)).isInstanceOf(KeyLookup.NoMatch.class);
    assertThat(cache.fetchCount()).isEqualTo(2);

    advance(Duration.ofMillis(1));
    assertThat(lookup(cache, "k6", true)).isInstanceOf(KeyLookup.NoMatch.class);
    assertThat(cache.fetchCount()).as("one fetch per cool-down").isEqualTo(3);
  }

  @Test
  void aKnownKidWithoutAFittingKeyNeverRefetches() {
    jwks = TestKeys.jwks(TestKeys.K1, TestKeys.EC1);
    JwksCache cache = warm(SETTINGS);
    executor.runInline(true);
    advance(SETTINGS.refetchCooldown());
    assertThat(lookup(cache, "ec1", true))
        .as("ec1 exists but is no RS256 key")
        .isInstanceOf(KeyLookup.NoMatch.class);
    assertThat(cache.fetchCount()).isEqualTo(1);
  }

  @Test
  void anUnknownKidOnAnEventLoopIsPendingWhenARefetchIsAllowedAndNoMatchInsideTheCooldown() {
    JwksCache cache = warm(SETTINGS);
    advance(SETTINGS.refetchCooldown());
    assertThat(lookup(cache, "k2", false)).isInstanceOf(KeyLookup.Pending.class);
    assertThat(executor.queued()).as("the refetch is left to the waiting re-run").isZero();
    executor.runInline(true);
    jwks = TestKeys.jwks(TestKeys.K1, TestKeys.K2);
    assertThat(lookup(cache, "k2", true)).isInstanceOf(KeyLookup.Found.class);
    assertThat(cache.fetchCount()).isEqualTo(2);
    assertThat(lookup(cache, "k3", false))
        .as("inside the cool-down")
        .isInstanceOf(KeyLookup.NoMatch.class);
  }

  @Test
  void insideTheCooldownALookupStillSeesKeysAFetchLoadedMeanwhile() {
    JwksCache cache = warm(SETTINGS);
    advance(SETTINGS.refetchCooldown());
    jwks = TestKeys.jwks(TestKeys.K1, TestKeys.K2);
    // A refresh started (by another request's unknown kid) and finished: a token with k2 now
    // verifies
    // although the cool-down forbids another fetch.
    assertThat(lookup(cache, "k2", false)).isInstanceOf(KeyLookup.Pending.class);
    executor.runInline(true);
    assertThat(lookup(cache, "k2", true)).isInstanceOf(KeyLookup.Found.class);
    assertThat(lookup(cache, "k2", false)).isInstanceOf(KeyLookup.Found.class);
    assertThat(cache.fetchCount()).isEqualTo(2);
  }

  // ---- Pending instead of waiting ---------------------------------------------------------------

  @Test
  void aColdLookupThatMayNotWaitIsPendingAndJoinsTheOneFetch() {
    JwksCache cache = cache(SETTINGS);
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Pending.class);
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Pending.class);
    assertThat(lookup(cache, "other", false)).isInstanceOf(KeyLookup.Pending.class);
    assertThat(executor.queued()).as("one fetch for all").isEqualTo(1);
    assertThat(cache.fetchCount()).as("nothing fetched on the caller's thread").isZero();
    assertThat(server.hits("/as/jwks")).isZero();

    executor.runAll();
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Found.class);
    assertThat(server.hits("/as/jwks")).isEqualTo(1);
  }

  @Test
  void aLookupThatMayWaitJoinsTheRunningFetch() throws Exception {
    JwksCache cache = cache(SETTINGS);
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Pending.class);
    Thread fetcher = new Thread(executor::runAll);
    KeyLookup.Result[] waited = new KeyLookup.Result[1];
    Thread waiter = new Thread(() -> waited[0] = lookup(cache, "k1", true));
    waiter.start();
    fetcher.start();
    waiter.join(WAIT.toMillis() * 2);
    fetcher.join(WAIT.toMillis());
    assertThat(waited[0]).isInstanceOf(KeyLookup.Found.class);
    assertThat(cache.fetchCount()).isEqualTo(1);
  }

  @Test
  void aWaitingLookupGivesUpAfterItsTimeoutWithUnavailable() {
    JwksCache cache =
        new JwksCache(server.jwksUri(), http, SETTINGS, clock, executor, Duration.ofMillis(20));
    KeyLookup.Result lookup = lookup(cache, "k1", true); // the queued fetch never runs
    assertThat(lookup).isInstanceOf(KeyLookup.Unavailable.class);
    assertThat(executor.queued()).isEqualTo(1);
    executor.runAll(); // the fetch was not cancelled: it still lands for later requests
    assertThat(lookup(cache, "k1", false)).isInstanceOf(KeyLookup.Found.class);
  }

  // ---- currentlyHolds ---------------------------------------------------------------------------

  @Test
  void currentlyHoldsIsFalseBeforeAnyKeysAndStartsNothing() {
    JwksCache other = warm(SETTINGS);
    VerificationKey k1 = ((KeyLookup.Found) lookup(other, "k1", false)).keys().get(0);
    JwksCache cache = cache(SETTINGS);
    assertThat(cache.currentlyHolds(k1)).isFalse();
    assertThat(executor.queued()).isZero();
  }

  @Test
  void currentlyHoldsStartsARefreshOfAnExpiredSetAndFollowsIt() {
    JwksCache cache = warm(SETTINGS);
    VerificationKey k1 = ((KeyLookup.Found) lookup(cache, "k1", false)).keys().get(0);
    assertThat(cache.currentlyHolds(k1)).isTrue();
    assertThat(executor.queued()).isZero();

    jwks = TestKeys.jwks(TestKeys.K2); // k1 removed at the authorization server
    advance(Duration.ofSeconds(301));
    assertThat(cache.currentlyHolds(k1)).as("still within stale-if-error").isTrue();
    assertThat(executor.queued()).as("the expired set is refreshed in the background").isEqualTo(1);
    assertThat(cache.currentlyHolds(k1)).isTrue();
    assertThat(executor.queued()).as("joined, not doubled").isEqualTo(1);

    executor.runAll();
    assertThat(cache.fetchCount()).isEqualTo(2);
    assertThat(cache.currentlyHolds(k1)).as("the refreshed set no longer holds k1").isFalse();
  }

  @Test
  void currentlyHoldsIsFalsePastMaxStaleWhileRefreshesFail() {
    JwksCache cache = warm(SETTINGS);
    VerificationKey k1 = ((KeyLookup.Found) lookup(cache, "k1", false)).keys().get(0);
    status = 503;
    advance(Duration.ofSeconds(300 + 600));
    assertThat(cache.currentlyHolds(k1)).isTrue();
    executor.runAll();
    advance(Duration.ofMillis(1));
    assertThat(cache.currentlyHolds(k1)).isFalse();
  }
}
