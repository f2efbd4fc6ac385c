package dev.mcpauth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides, atomically, whether a caller joins the running fetch, starts a new one, or gets nothing:
 * single-flight (N concurrent callers share one fetch) plus a minimum interval between the starts of
 * two fetches (a flood of cache misses costs at most one fetch per interval). The fetch runs on the
 * executor, so a caller can stop waiting (its timeout) without cancelling it for the others. Only
 * slow paths come here, so a plain lock is cheap enough. Thread-safe.
 */
final class FetchGate<T> {
  private final Executor executor;
  private final long minIntervalMillis;
  private long lastStartMillis = Long.MIN_VALUE / 2;
  private CompletableFuture<T> inFlight;

  FetchGate(Executor executor, Duration minInterval) {
    this.executor = executor;
    this.minIntervalMillis = minInterval.toMillis();
  }

  /** The running fetch, or a new one if the interval allows; empty when neither. */
  synchronized Optional<CompletableFuture<T>> joinOrStart(long nowMillis, Callable<T> task) {
    if (inFlight != null) {
      return Optional.of(inFlight);
    }
    if (nowMillis - lastStartMillis < minIntervalMillis) {
      return Optional.empty();
    }
    long previousStart = lastStartMillis;
    lastStartMillis = nowMillis;
    CompletableFuture<T> future = new CompletableFuture<>();
    inFlight = future;
    try {
      executor.execute(() -> {
        try {
          T value = task.call();
          finish(future);
          future.complete(value);
        } catch (Exception | Error e) {
          finish(future);
          future.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      inFlight = null;
      lastStartMillis = previousStart; // nothing started: a saturated executor does not use up the interval
      future.completeExceptionally(e);
    }
    return Optional.of(future);
  }

  private synchronized void finish(CompletableFuture<T> future) {
    if (inFlight == future) {
      inFlight = null;
    }
  }

  /** Whether a fetch is running now. */
  synchronized boolean running() {
    return inFlight != null;
  }

  /** When the next fetch may start, counted from {@code nowMillis}; zero when it may start now. */
  synchronized Duration waitBeforeNextStart(long nowMillis) {
    return Duration.ofMillis(Math.max(0, minIntervalMillis - (nowMillis - lastStartMillis)));
  }

  /**
   * Waits for a fetch up to {@code timeout}; empty on timeout or failure (the caller reports an
   * outage; the fetch itself logged why).
   */
  static <T> Optional<T> await(CompletableFuture<T> future, Duration timeout) {
    try {
      return Optional.ofNullable(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }
}
