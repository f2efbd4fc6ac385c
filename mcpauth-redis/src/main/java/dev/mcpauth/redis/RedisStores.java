package dev.mcpauth.redis;

import dev.mcpauth.SharedStore;
import dev.mcpauth.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's shared state on one Redis 7 (or Valkey) server, so that every instance of a
 * deployment sees the same DPoP proofs, introspection results and MCP session bindings:
 *
 * <pre>{@code
 * RedisStores redis = RedisStores.connect("rediss://:secret@redis.internal:6379");
 * McpAuth mcpAuth = McpAuth.builder()
 *     .sharedStore(redis)
 *     ...
 * }</pre>
 *
 * <p>Everything goes over ONE multiplexed connection (Lettuce); every operation is one Redis
 * command ({@code SET ... NX GET PXAT} for {@link #putIfAbsent} (a proof's first use, a session's
 * owner), plus a compare-and-delete after a failed one, {@code GET}, {@code SET ... PXAT} and
 * {@code DEL}) bounded by the {@linkplain Builder#commandTimeout command timeout}. When Redis is
 * unreachable, refuses a command or does not answer in time, the store throws {@link
 * StoreUnavailableException} at once: the library then answers 503 with {@code Retry-After} (never
 * "accepted unchecked"), or, for the cache, asks the authorization server as on a miss. The
 * connection reconnects by itself in the background; commands are never queued while it is down and
 * never replayed after a reconnect.
 *
 * <p>TLS ({@code rediss://}), a user name and password ({@code redis://user:password@host:port})
 * and a database number ({@code /2}) come from the URI. Redis keys are {@code
 * <prefix><kind>:<key>}, where the key is the hash the library computed (never a token or a {@code
 * jti}); {@code PXAT} expiries are absolute, so the clocks of the instances and of Redis must be
 * synchronised (NTP).
 *
 * <p>Close it when the application stops; the stores throw {@link StoreUnavailableException} after
 * that.
 */
public final class RedisStores implements SharedStore, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisStores.class);

  /** The default key prefix: {@value}. */
  public static final String DEFAULT_KEY_PREFIX = "mcpauth:";

  /** The default bound on one command: 250 ms. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

  /** The default bound on establishing a connection: 2 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Upper bound of the pause between two reconnection attempts, so that recovery is quick. */
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  /** Commands waiting for a reply on the one connection; beyond that a command fails at once. */
  private static final int REQUEST_QUEUE_SIZE = 10_000;

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommandRunner runner;
  private final String keyPrefix;
  private final String where;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisStores(Builder builder) {
    RedisURI uri = builder.uri;
    // The URI's timeout bounds the connection handshake (HELLO, AUTH, SELECT); commands get theirs
    // below.
    uri.setTimeout(builder.connectTimeout);
    this.keyPrefix = builder.keyPrefix;
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.fullJitter(
                    Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, uri);
    ClientOptions.Builder options = ClientOptions.builder();
    builder.trustedCertificates.ifPresent(
        pem ->
            options.sslOptions(
                SslOptions.builder().jdkSslProvider().trustManager(pem.toFile()).build()));
    client.setOptions(
        options
            .autoReconnect(true)
            // Fail at once while disconnected: a queued command would only time out later.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            // A SET NX sent before a disconnect may have been applied: replaying it would make a
            // first use look like a replay. Cancel it instead (the caller gets 503 and may retry).
            .replayFilter(command -> true)
            .requestQueueSize(REQUEST_QUEUE_SIZE)
            .timeoutOptions(TimeoutOptions.enabled(builder.commandTimeout))
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(builder.connectTimeout)
                    .keepAlive(true)
                    .tcpNoDelay(true)
                    .build())
            .build());
    this.where = describe(uri);
    try {
      this.connection = client.connect(StringCodec.UTF8);
    } catch (RuntimeException e) {
      shutDownClient();
      throw new StoreUnavailableException("Redis at " + where + " is unreachable", e);
    }
    connection.setTimeout(builder.commandTimeout);
    requireRedis7(where);
    this.runner = new RedisCommandRunner(connection, builder.commandTimeout, closed);
    LOG.info("Shared state on Redis at {} (key prefix '{}')", where, keyPrefix);
  }

  /**
   * Connects to the Redis (or Valkey) server at {@code uri} with the default options.
   *
   * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://...}
   *     for TLS
   * @return the open stores; close them when the application stops
   * @throws IllegalArgumentException when the URI is not a Redis URI
   * @throws StoreUnavailableException when the server cannot be reached now
   */
  public static RedisStores connect(String uri) {
    return builder(uri).connect();
  }

  /**
   * Starts the options of a connection to the Redis (or Valkey) server at {@code uri}.
   *
   * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://...}
   *     for TLS
   * @return a builder with the defaults
   * @throws IllegalArgumentException when the URI is not a Redis URI
   */
  public static Builder builder(String uri) {
    Objects.requireNonNull(uri, "uri");
    return new Builder(RedisURI.create(uri));
  }

  /** Deletes KEYS[1] only while it holds ARGV[1]: this attempt's value, nobody else's. */
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  /**
   * One atomic {@code SET <prefix><key> <value> NX GET PXAT <expiry>}: the existing value, or nil
   * after setting ours.
   *
   * <p><b>A call that failed leaves nothing behind.</b> A {@code SET} whose answer did not come
   * back in time (the caller got {@link StoreUnavailableException}, so 503) may still be applied by
   * Redis later; for a DPoP proof that would make the client's retry of the same proof look like a
   * replay (401). So after any failure this sends, without waiting, a compare-and-delete of the
   * key: it removes the key only if it still holds this call's value (the core makes each proof
   * check's value unique, so never another instance's record). On the one connection Redis applies
   * it right after the late {@code SET}, before anything sent later, so a retry is decided afresh.
   * Best effort: if the connection drops in between, the release is lost and a retry of the same
   * proof may get 401; clients should make a new proof for every attempt anyway (RFC 9449 §4.2),
   * and the 503's description says so.
   */
  @Override
  public Optional<String> putIfAbsent(String key, String value, Instant expiresAt) {
    Objects.requireNonNull(value, "value");
    String redisKey = keyPrefix + key;
    SetArgs args = SetArgs.Builder.nx().pxAt(RedisExpiry.epochMillis(expiresAt));
    try {
      return Optional.ofNullable(
          runner.run("set if absent", commands -> commands.setGet(redisKey, value, args)));
    } catch (StoreUnavailableException e) {
      runner.sendWithoutWaiting(
          "set if absent release",
          async -> async.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {redisKey}, value));
      throw e;
    }
  }

  /** {@code GET <prefix><key>}. */
  @Override
  public Optional<String> get(String key) {
    String redisKey = keyPrefix + key;
    return Optional.ofNullable(runner.run("get", commands -> commands.get(redisKey)));
  }

  /** {@code SET <prefix><key> <value> PXAT <expiry>}. */
  @Override
  public void put(String key, String value, Instant expiresAt) {
    Objects.requireNonNull(value, "value");
    String redisKey = keyPrefix + key;
    SetArgs args = SetArgs.Builder.pxAt(RedisExpiry.epochMillis(expiresAt));
    runner.run("set", commands -> commands.set(redisKey, value, args));
  }

  /** {@code DEL <prefix><key>}. */
  @Override
  public void remove(String key) {
    String redisKey = keyPrefix + key;
    runner.run("delete", commands -> commands.del(redisKey));
  }

  /**
   * The prefix of every Redis key these stores write.
   *
   * @return the prefix, {@code mcpauth:} unless configured
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * Closes the connection and its threads. The stores fail with {@link StoreUnavailableException}
   * after.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        connection.close();
      } finally {
        shutDownClient();
      }
    }
  }

  /** Where the server is and the key prefix; never the password. */
  @Override
  public String toString() {
    return "RedisStores[" + where + ", keyPrefix=" + keyPrefix + (closed.get() ? ", closed]" : "]");
  }

  private void shutDownClient() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /**
   * PXAT needs Redis 6.2 and {@code SET ... NX GET} Redis 7.0: refuse an older server at start
   * rather than answer 503 on every DPoP request. Valkey reports a compatible {@code
   * redis_version}. A server that refuses {@code INFO} (some managed services rename it) is not
   * checked.
   */
  private void requireRedis7(String where) {
    String info;
    try {
      info = connection.sync().info("server");
    } catch (RuntimeException e) {
      LOG.debug(
          "INFO server refused ({}); Redis version not checked", e.getClass().getSimpleName());
      return;
    }
    Optional<Integer> major = majorVersion(info);
    if (major.isPresent() && major.get() < 7) {
      close();
      throw new IllegalStateException(
          "mcpauth-redis needs Redis 7.0 or later (or Valkey); the server at "
              + where
              + " is Redis "
              + major.get());
    }
  }

  /** The major version in an {@code INFO server} answer ({@code redis_version:7.0.15}), if any. */
  static Optional<Integer> majorVersion(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        String version = line.substring("redis_version:".length()).trim();
        int dot = version.indexOf('.');
        try {
          return Optional.of(Integer.parseInt(dot < 0 ? version : version.substring(0, dot)));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Where the server is, for messages: never the password. */
  private static String describe(RedisURI uri) {
    if (uri.getSocket() != null) {
      return "unix socket " + uri.getSocket();
    }
    return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
  }

  /** Options of a {@link RedisStores} connection; {@link #connect()} opens it. */
  public static final class Builder {
    private final RedisURI uri;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Optional<Path> trustedCertificates = Optional.empty();

    private Builder(RedisURI uri) {
      this.uri = uri;
    }

    /**
     * The longest a request waits for one Redis command (default 250 ms). Past it, the command
     * fails with {@link StoreUnavailableException}: a DPoP request gets 503, an introspection goes
     * to the authorization server. Loopback and same-zone Redis answer in well under a millisecond.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "commandTimeout");
      return this;
    }

    /**
     * The longest an attempt to (re)connect may take (default 2 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * The prefix of every key (default {@code mcpauth:}), so that several applications, or several
     * deployments, can share one Redis without seeing each other's state.
     *
     * @param prefix visible ASCII without spaces, for example {@code myapp:prod:}
     * @return this builder
     */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "keyPrefix");
      if (!prefix.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("keyPrefix must be visible ASCII without spaces");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * For {@code rediss://}: trust the certificate authorities in this PEM file (for example a
     * private CA) instead of the JVM's default trust store. The server's certificate is verified,
     * host name included, either way (unless the URI says {@code ?verifyPeer=NONE}, which is for
     * tests only).
     *
     * @param pemFile a readable file of one or more PEM certificates
     * @return this builder
     */
    public Builder tlsTrustedCertificates(Path pemFile) {
      Objects.requireNonNull(pemFile, "pemFile");
      if (!Files.isReadable(pemFile)) {
        throw new IllegalArgumentException("cannot read " + pemFile);
      }
      this.trustedCertificates = Optional.of(pemFile);
      return this;
    }

    /**
     * Opens the connection.
     *
     * @return the open stores; close them when the application stops
     * @throws StoreUnavailableException when the server cannot be reached now (or refuses the
     *     credentials)
     */
    public RedisStores connect() {
      return new RedisStores(this);
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return duration;
    }
  }
}
