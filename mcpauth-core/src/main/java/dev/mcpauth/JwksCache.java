package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys behind one JWKS URI, cached under the policy documented on {@link JwksSettings}:
 * TTL from {@code Cache-Control}, refresh ahead in the background, stale-if-error, a forced refetch
 * for an unknown {@code kid} at most once per cool-down, and single-flight fetches. Time comes from
 * the injected {@link Clock}, so tests never sleep. Thread-safe.
 */
final class JwksCache {
  private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);
  private static final KeyLookup.Result NO_MATCH = new KeyLookup.NoMatch();

  private record Snapshot(JwksKeySet keys, Instant expiresAt, long usableUntilMillis) {
    Snapshot(JwksKeySet keys, Instant expiresAt, Duration maxStale) {
      this(keys, expiresAt, expiresAt.plus(maxStale).toEpochMilli());
    }
  }

  private final String uri;
  private final HttpFetcher http;
  private final JwksSettings settings;
  private final Clock clock;
  private final Duration waitTimeout;
  private final FetchGate<Snapshot> gate;
  private final AtomicLong fetchCount = new AtomicLong();
  private final McpAuthListener listener;
  private volatile Snapshot snapshot;

  JwksCache(
      String uri,
      HttpFetcher http,
      JwksSettings settings,
      Clock clock,
      Executor executor,
      Duration waitTimeout) {
    this(uri, http, settings, clock, executor, waitTimeout, new McpAuthListener() {});
  }

  JwksCache(
      String uri,
      HttpFetcher http,
      JwksSettings settings,
      Clock clock,
      Executor executor,
      Duration waitTimeout,
      McpAuthListener listener) {
    this.listener = listener;
    this.uri = uri;
    this.http = http;
    this.settings = settings;
    this.clock = clock;
    this.waitTimeout = waitTimeout;
    this.gate = new FetchGate<>(executor, settings.refetchCooldown());
  }

  private static final KeyLookup.Result PENDING = new KeyLookup.Pending();

  /**
   * Same, but with {@code mayWait} false it never waits for a fetch: where one would be needed, it
   * answers {@link KeyLookup.Pending} (background refreshes still start).
   */
  KeyLookup.Result lookup(String kid, JwsAlgorithm alg, boolean mayWait) {
    Instant now = clock.instant();
    Snapshot s = snapshot;
    if (!usable(s, now)) {
      CompletableFuture<Snapshot> fetch = startOrJoin(now).orElse(null);
      if (!mayWait && fetch != null) {
        return PENDING;
      }
      Snapshot fresh = fetch == null ? snapshot : FetchGate.await(fetch, waitTimeout).orElse(null);
      if (!usable(fresh, now)) {
        return unavailable(now);
      }
      s = fresh;
    } else if (!now.isBefore(s.expiresAt.minus(settings.refreshAhead()))) {
      startOrJoin(now);
    }
    List<VerificationKey> keys = s.keys.candidates(kid, alg);
    if (!keys.isEmpty()) {
      return new KeyLookup.Found(keys);
    }
    if (kid == null || s.keys.hasKid(kid)) {
      return NO_MATCH;
    }
    // An unknown kid may be a key rotation: refetch once, unless a fetch started within the
    // cool-down.
    if (!mayWait) {
      return gate.waitBeforeNextStart(now.toEpochMilli()).isZero() || gate.running()
          ? PENDING
          : fromLatest(s, kid, alg, now);
    }
    CompletableFuture<Snapshot> fetch = startOrJoin(now).orElse(null);
    if (fetch == null) {
      // Within the cool-down: but a fetch may have finished since this lookup read its snapshot.
      return fromLatest(s, kid, alg, now);
    }
    Snapshot fresh = FetchGate.await(fetch, waitTimeout).orElse(null);
    if (fresh == null) {
      return unavailable(now);
    }
    keys = fresh.keys.candidates(kid, alg);
    return keys.isEmpty() ? NO_MATCH : new KeyLookup.Found(keys);
  }

  /** The keys of the newest snapshot if it is not the one already searched, else no match. */
  private KeyLookup.Result fromLatest(
      Snapshot searched, String kid, JwsAlgorithm alg, Instant now) {
    Snapshot latest = snapshot;
    if (latest == searched || !usable(latest, now)) {
      return NO_MATCH;
    }
    List<VerificationKey> keys = latest.keys.candidates(kid, alg);
    return keys.isEmpty() ? NO_MATCH : new KeyLookup.Found(keys);
  }

  /** Keys exist and are within their lifetime plus the stale-if-error window. */
  private boolean usable(Snapshot s, Instant now) {
    return s != null && !now.isAfter(s.expiresAt.plus(settings.maxStale()));
  }

  /** Joins a running fetch, or starts one if the cool-down allows; empty when it does not. */
  private Optional<CompletableFuture<Snapshot>> startOrJoin(Instant now) {
    return gate.joinOrStart(now.toEpochMilli(), this::fetch);
  }

  private Snapshot fetch() throws Exception {
    fetchCount.incrementAndGet();
    try {
      HttpFetcher.Fetched fetched = http.get(uri);
      JwksKeySet keys = JwksKeySet.parse(fetched.body());
      Snapshot fresh =
          new Snapshot(
              keys, clock.instant().plus(settings.ttlFor(fetched.maxAge())), settings.maxStale());
      snapshot = fresh;
      LOG.debug("loaded {} keys from {}", keys.size(), uri);
      Listeners.fetched(listener, uri, true);
      return fresh;
    } catch (HttpFetcher.FetchFailure | StrictJson.JsonRejected e) {
      LOG.warn("JWKS refresh from {} failed: {}", uri, e.getMessage());
      Listeners.fetched(listener, uri, false);
      throw e;
    }
  }

  private KeyLookup.Result unavailable(Instant now) {
    long remaining = gate.waitBeforeNextStart(now.toEpochMilli()).toMillis();
    return new KeyLookup.Unavailable(
        "signing keys from " + uri + " are unavailable",
        Duration.ofSeconds(Math.max(1, (remaining + 999) / 1000)));
  }

  /**
   * Whether the current key set still holds {@code key}, without waiting: a key set past its
   * lifetime starts a background refresh (so a key removed at the authorization server stops being
   * trusted within one refresh interval, even when every request is a remembered token).
   */
  boolean currentlyHolds(VerificationKey key) {
    Snapshot s = snapshot;
    if (s == null) {
      return false;
    }
    Instant now = clock.instant();
    if (!now.isBefore(s.expiresAt.minus(settings.refreshAhead()))) {
      startOrJoin(now);
    }
    return now.toEpochMilli() <= s.usableUntilMillis && s.keys.contains(key);
  }

  /** How many fetches were started (for tests and metrics). */
  long fetchCount() {
    return fetchCount.get();
  }
}
