package dev.mcpauth;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * An executor that only queues: the test decides when a background task runs ({@link #runAll()}), or
 * switches to running tasks at once on the submitting thread ({@link #runInline(boolean)}). Thread-safe.
 */
public final class QueuedExecutor implements Executor {
  private final Queue<Runnable> queue = new ArrayDeque<>();
  private boolean inline;

  @Override
  public void execute(Runnable task) {
    boolean runNow;
    synchronized (this) {
      runNow = inline;
      if (!runNow) {
        queue.add(task);
      }
    }
    if (runNow) {
      task.run();
    }
  }

  /** From now on, runs submitted tasks on the submitting thread (or queues them again with false). */
  public synchronized QueuedExecutor runInline(boolean inline) {
    this.inline = inline;
    return this;
  }

  /** How many tasks wait. */
  public synchronized int queued() {
    return queue.size();
  }

  /** Runs the queued tasks (and any they queue) on this thread; returns how many ran. */
  public int runAll() {
    int ran = 0;
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
      }
      if (next == null) {
        return ran;
      }
      next.run();
      ran++;
    }
  }
}
