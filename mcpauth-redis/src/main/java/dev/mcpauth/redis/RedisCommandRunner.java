package dev.mcpauth.redis;

import dev.mcpauth.StoreUnavailableException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command on the shared connection and turns every failure (not connected, timed out, error
 * reply, closed) into {@link StoreUnavailableException}, with a message that never names a key.
 */
final class RedisCommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCommandRunner.class);

  private final RedisCommands<String, String> commands;
  private final String timeoutMessage;
  private final AtomicBoolean closed;

  RedisCommandRunner(RedisCommands<String, String> commands, Duration timeout, AtomicBoolean closed) {
    this.commands = commands;
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
}
