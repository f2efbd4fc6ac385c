package dev.mcpauth.mcp.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a forwarded request that went asynchronous (an SSE stream, a long POST answered as a stream)
 * when the token that opened it expires ({@link dev.mcpauth.McpGate#streamLifetime}): one shared
 * scheduler thread completes the async context at the deadline, and the task is cancelled when the
 * stream ends first, so an open stream costs a queue entry, not a thread.
 */
final class StreamDeadline {
  private static final Logger LOG = LoggerFactory.getLogger(StreamDeadline.class);

  private StreamDeadline() {}

  /** The one scheduler thread, started at the first stream. */
  private static final class Scheduler {
    static final ScheduledThreadPoolExecutor INSTANCE = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "mcpauth-stream-deadlines");
                t.setDaemon(true);
                return t;
              });
      executor.setRemoveOnCancelPolicy(true); // a stream that ended leaves nothing queued
      return executor;
    }
  }

  /**
   * {@code request}, whose asynchronous processing (when the transport starts it) is completed
   * {@code lifetime} after it starts at the latest.
   */
  static HttpServletRequest endingStreamsAfter(
      HttpServletRequest request, Duration lifetime, ForwardedResponse response) {
    return new HttpServletRequestWrapper(request) {
      @Override
      public AsyncContext startAsync() {
        AsyncContext stream = super.startAsync();
        endAfter(stream, lifetime, response);
        return stream;
      }

      @Override
      public AsyncContext startAsync(ServletRequest req, ServletResponse res) {
        AsyncContext stream = super.startAsync(req, res);
        endAfter(stream, lifetime, response);
        return stream;
      }
    };
  }

  /**
   * Ends {@code stream} after {@code lifetime}, unless it completes first: the response body is
   * closed at once (a transport may still be inside the request's dispatch, where completing the
   * async context would wait for it to return), then the async context is completed.
   */
  private static void endAfter(AsyncContext stream, Duration lifetime, ForwardedResponse response) {
    ScheduledFuture<?> end =
        Scheduler.INSTANCE.schedule(
            () -> {
              LOG.debug("ending an MCP stream: the token that opened it expired");
              response.endStream();
              complete(stream);
            },
            Math.max(0, lifetime.toMillis()),
            TimeUnit.MILLISECONDS);
    try {
      stream.addListener(
          new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
              end.cancel(false);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
              end.cancel(false);
            }

            @Override
            public void onError(AsyncEvent event) {
              end.cancel(false);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
          });
    } catch (IllegalStateException e) {
      end.cancel(false); // the stream already ended
    }
  }

  private static void complete(AsyncContext stream) {
    try {
      stream.complete();
    } catch (IllegalStateException e) {
      // it ended on its own meanwhile
    }
  }
}
