package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata of one trusted authorization server: fixed for a resolved configuration; for a
 * discovery configuration fetched on first use (single-flight), validated, refreshed in the
 * background every {@code refreshInterval}, and never cached as a failure: a failed fetch is
 * retried once the retry interval has passed, and meanwhile callers get an outage with {@code
 * Retry-After}. A failed refresh keeps the last good metadata. Thread-safe.
 */
final class AuthServerMetadataCache {
  private static final Logger LOG = LoggerFactory.getLogger(AuthServerMetadataCache.class);

  /** The current metadata, or why there is none. */
  static final class Lookup {
    private Lookup() {}

    /** One of the answers below. */
    sealed interface Result permits Ready, Unavailable, Pending, Misconfigured {}

    /** Usable metadata. */
    record Ready(AuthServerMetadata metadata) implements Result {}

    /** No usable metadata now. */
    record Unavailable(String reason, Duration retryAfter) implements Result {}

    /** The metadata is being fetched and the caller asked not to wait. */
    record Pending() implements Result {}

    /**
     * The last fetch showed a configuration error (the chosen well-known URL is not served), not an
     * outage; it is still retried, in case the authorization server or the network changes.
     */
    record Misconfigured(String reason) implements Result {}
  }

  private static final Lookup.Result PENDING = new Lookup.Pending();

  /**
   * Metadata, when to refresh it (epoch millis; never for a resolved configuration), the ready
   * answer.
   */
  private record Snapshot(AuthServerMetadata metadata, long refreshAtMillis, Lookup.Ready ready) {
    Snapshot(AuthServerMetadata metadata, long refreshAtMillis) {
      this(metadata, refreshAtMillis, new Lookup.Ready(metadata));
    }
  }

  private final AuthServerConfig config;
  private final AuthServerDiscovery fetcher;
  private final Clock clock;
  private final Duration refreshInterval;
  private final Duration waitTimeout;
  private final FetchGate<Snapshot> gate;
  private volatile Snapshot snapshot;
  private volatile String lastFailure = "not fetched yet";
  private volatile boolean lastFailureIsConfiguration;
  private final McpAuthListener listener;

  AuthServerMetadataCache(
      AuthServerConfig config,
      AuthServerDiscovery fetcher,
      Clock clock,
      Duration refreshInterval,
      Duration retryInterval,
      Executor executor,
      Duration waitTimeout) {
    this(
        config,
        fetcher,
        clock,
        refreshInterval,
        retryInterval,
        executor,
        waitTimeout,
        new McpAuthListener() {});
  }

  AuthServerMetadataCache(
      AuthServerConfig config,
      AuthServerDiscovery fetcher,
      Clock clock,
      Duration refreshInterval,
      Duration retryInterval,
      Executor executor,
      Duration waitTimeout,
      McpAuthListener listener) {
    this.listener = listener;
    this.config = config;
    this.fetcher = fetcher;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
    this.waitTimeout = waitTimeout;
    this.gate = new FetchGate<>(executor, retryInterval);
    if (config instanceof AuthServerConfig.Resolved resolved) {
      snapshot = new Snapshot(resolved.metadata(), Long.MAX_VALUE);
    }
  }

  String issuer() {
    return config.issuer();
  }

  Lookup.Result get() {
    return get(true);
  }

  /** The metadata already fetched, without starting or waiting for anything. */
  Optional<AuthServerMetadata> current() {
    Snapshot s = snapshot;
    return s == null ? Optional.empty() : Optional.of(s.metadata);
  }

  /**
   * The metadata; with {@code mayWait} false, {@link Lookup.Pending} when it must be fetched first
   * and a fetch is running or may start now (the fetch then runs in the background).
   */
  Lookup.Result get(boolean mayWait) {
    Snapshot s = snapshot;
    if (s != null) {
      if (s.refreshAtMillis != Long.MAX_VALUE && clock.millis() > s.refreshAtMillis) {
        startOrJoin(clock.instant());
      }
      return s.ready;
    }
    Instant now = clock.instant();
    CompletableFuture<Snapshot> fetch = startOrJoin(now).orElse(null);
    if (!mayWait && fetch != null) {
      return PENDING;
    }
    Snapshot fresh = fetch == null ? snapshot : FetchGate.await(fetch, waitTimeout).orElse(null);
    if (fresh != null) {
      return fresh.ready;
    }
    if (lastFailureIsConfiguration) {
      return new Lookup.Misconfigured(lastFailure);
    }
    long remaining = gate.waitBeforeNextStart(now.toEpochMilli()).toMillis();
    return new Lookup.Unavailable(
        "metadata of " + config.issuer() + " is unavailable: " + lastFailure,
        Duration.ofSeconds(Math.max(1, (remaining + 999) / 1000)));
  }

  private Optional<CompletableFuture<Snapshot>> startOrJoin(Instant now) {
    return gate.joinOrStart(now.toEpochMilli(), this::fetch);
  }

  private Snapshot fetch() {
    try {
      AuthServerConfig.Resolved resolved = fetcher.fetch((AuthServerConfig.Discovery) config);
      AuthServerMetadata.Validation result = AuthServerValidator.validate(resolved.metadata());
      if (!result.isValid()) {
        throw new McpAuthConfigException(
            McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
            "authorization server "
                + config.issuer()
                + " cannot serve MCP clients: "
                + result.errors(),
            result.errors());
      }
      result.warnings().forEach(w -> LOG.warn("authorization server {}: {}", config.issuer(), w));
      Snapshot fresh =
          new Snapshot(resolved.metadata(), clock.instant().plus(refreshInterval).toEpochMilli());
      snapshot = fresh;
      lastFailureIsConfiguration = false;
      Listeners.fetched(listener, config.issuer(), true);
      return fresh;
    } catch (McpAuthConfigException e) {
      Listeners.fetched(listener, config.issuer(), false);
      boolean configuration = AuthServerDiscovery.notServed(e).isPresent();
      boolean repeated = configuration && lastFailureIsConfiguration;
      lastFailure = e.getMessage();
      lastFailureIsConfiguration = configuration;
      if (!configuration) {
        LOG.warn("discovery of {} failed: {}", config.issuer(), e.getMessage());
      } else if (!repeated) {
        // The discovery already named the fix once per issuer; say what clients get meanwhile.
        LOG.error(
            "discovery of {} is misconfigured; requests needing its keys get 500 until the"
                + " configuration changes: {}",
            config.issuer(),
            e.getMessage());
      }
      throw e;
    }
  }
}
