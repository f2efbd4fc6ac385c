package dev.mcpauth.redis;

import dev.mcpauth.StoreUnavailableException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command on the shared connection and turns every failure (not connected, timed out,
 * error reply, closed) into {@link StoreUnavailableException}, with a message that never names a
 * key.
 */
final class RedisCommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCommandRunner.class);

  private final RedisCommands<String, String> commands;
  private final RedisAsyncCommands<String, String> async;
  private final String timeoutMessage;
  private final AtomicBoolean closed;

  RedisCommandRunner(
      StatefulRedisConnection<String, String> connection, Duration timeout, AtomicBoolean closed) {
    this.commands = connection.sync();
    this.async = connection.async();
    this.timeoutMessage = "Redis did not answer within " + timeout.toMillis() + " ms";
    this.closed = closed;
  }

  <T> T run(String operation, Function<RedisCommands<String, String>, T> command) {
    if (closed.get()) {
      throw new StoreUnavailableException("Redis stores are closed");
    }
    try {
      return command.apply(commands);
    } catch (RedisCommandTimeoutException e) {
      LOG.debug("Redis {}: timed out", operation);
      throw new StoreUnavailableException(timeoutMessage, e);
    } catch (RuntimeException e) {
      // Lettuce reports "not connected", error replies, a full queue and interruptions as
      // RedisException subclasses; whatever it is, the answer is unknown, so nothing is accepted.
      LOG.debug("Redis {}: {}", operation, e.getClass().getSimpleName());
      throw new StoreUnavailableException(
          "Redis is unavailable (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Sends one command without waiting for its answer, nor failing when there is none: for
   * compensating a command whose answer was lost. It goes out on the same connection after every
   * command sent before it, so Redis applies it after them even when they timed out client-side.
   */
  void sendWithoutWaiting(
      String operation, Function<RedisAsyncCommands<String, String>, RedisFuture<?>> command) {
    if (closed.get()) {
      return;
    }
    try {
      command
          .apply(async)
          .whenComplete(
              (answer, failure) -> {
                if (failure != null) {
                  LOG.debug("Redis {}: {}", operation, failure.getClass().getSimpleName());
                }
              });
    } catch (RuntimeException e) {
      LOG.debug("Redis {}: {}", operation, e.getClass().getSimpleName());
    }
  }
}
