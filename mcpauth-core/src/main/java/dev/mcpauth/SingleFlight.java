package dev.mcpauth;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;

/**
 * Runs at most one instance of a task at a time: callers that arrive while it runs join the same
 * result instead of starting another (N concurrent first requests cause one fetch). The task runs on
 * the given executor, so a caller can stop waiting (its timeout) without cancelling it for the others.
 */
final class SingleFlight<T> {
  private final Executor executor;
  private final AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();

  SingleFlight(Executor executor) {
    this.executor = executor;
  }

  /** Joins the running task, or starts {@code task} if none is running. */
  CompletableFuture<T> run(Callable<T> task) {
    while (true) {
      CompletableFuture<T> current = inFlight.get();
      if (current != null) {
        return current;
      }
      CompletableFuture<T> mine = new CompletableFuture<>();
      if (!inFlight.compareAndSet(null, mine)) {
        continue;
      }
      try {
        executor.execute(() -> {
          try {
            T value = task.call();
            inFlight.set(null);
            mine.complete(value);
          } catch (Exception | Error e) {
            inFlight.set(null);
            mine.completeExceptionally(e);
          }
        });
      } catch (RejectedExecutionException e) {
        inFlight.set(null);
        mine.completeExceptionally(e);
      }
      return mine;
    }
  }

  /** Whether a task is running now. */
  boolean running() {
    return inFlight.get() != null;
  }

  /**
   * Waits for a future up to {@code timeout}; returns null on timeout or failure (the caller treats
   * that as an outage). The failure itself is reported by the task, where its cause is known.
   */
  static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }
}
