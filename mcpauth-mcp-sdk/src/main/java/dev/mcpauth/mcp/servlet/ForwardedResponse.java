package dev.mcpauth.mcp.servlet;

import dev.mcpauth.McpGate;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The response of a request the gate forwarded to the MCP transport. It notices the session the
 * transport assigns, whether in the {@code Mcp-Session-Id} header (streamable HTTP) or in the SSE
 * transport's {@code endpoint} event ({@code ...?sessionId=...}), so the session can be bound to
 * its creator. And it keeps the transport's own error bodies (which carry exception classes,
 * messages and stack traces) from reaching the client: once the transport sets a status of 400 or
 * more, what it writes is dropped, and {@link McpAuthFilter} writes a plain JSON-RPC error instead.
 * Its {@code Cache-Control} follows {@link McpGate#forwardedCacheControl} whatever the transport
 * sets.
 */
final class ForwardedResponse extends HttpServletResponseWrapper {
  static final String SESSION_HEADER = "Mcp-Session-Id";
  private static final String CACHE_CONTROL = "Cache-Control";
  private static final Pattern SSE_SESSION =
      Pattern.compile("[?&]sessionId=([A-Za-z0-9._~-]{1,200})");
  private static final int SCAN_LIMIT = 4096;

  private final Consumer<String> onSessionId;
  private final java.util.function.BooleanSupplier stepUpRequested;
  private final Runnable onDiverted;

  /** Set at the first byte: whether the transport's answer is dropped for a step-up challenge. */
  private volatile Boolean diverted;

  private final StringBuilder scanned = new StringBuilder();
  private volatile boolean sessionSeen;
  private volatile int errorStatus;
  private ServletOutputStream stream;
  private PrintWriter writer;

  /** What the transport itself set as {@code Cache-Control}, before the gate's rule. */
  private final List<String> transportCacheControl = new ArrayList<>();

  ForwardedResponse(HttpServletResponse response, Consumer<String> onSessionId) {
    this(response, onSessionId, () -> false, () -> {});
  }

  /**
   * Also drops the transport's answer when {@code stepUpRequested} holds at its first byte (a
   * handler asked for a step-up mid-call before anything was sent), so the filter can answer with
   * the challenge instead. Once a byte has passed, everything passes: a stream that started keeps
   * its JSON-RPC error. {@code onDiverted} runs once, on the transport's thread, when the answer is
   * dropped (an asynchronous transport writes after the filter returned, so the challenge is
   * written then).
   */
  ForwardedResponse(
      HttpServletResponse response,
      Consumer<String> onSessionId,
      java.util.function.BooleanSupplier stepUpRequested,
      Runnable onDiverted) {
    super(response);
    this.onSessionId = onSessionId;
    this.stepUpRequested = stepUpRequested;
    this.onDiverted = onDiverted;
    cacheControl(null, false);
  }

  /**
   * Records what the transport set ({@code null} clears, {@code add} appends) and writes the gate's
   * rule over it: a forwarded response never leaves as shareable.
   */
  private void cacheControl(String value, boolean add) {
    String effective;
    synchronized (transportCacheControl) {
      if (!add) {
        transportCacheControl.clear();
      }
      if (value != null) {
        transportCacheControl.add(value);
      }
      effective = McpGate.forwardedCacheControl(transportCacheControl);
    }
    super.setHeader(CACHE_CONTROL, effective);
  }

  /** Whether the transport's answer was dropped for a step-up challenge. */
  boolean divertedForStepUp() {
    Boolean d = diverted;
    return d != null ? d : stepUpRequested.getAsBoolean();
  }

  private boolean dropping() {
    if (errorStatus != 0) {
      return true;
    }
    Boolean d = diverted;
    if (d == null) {
      synchronized (this) {
        if (diverted == null) {
          diverted = stepUpRequested.getAsBoolean() && !getResponse().isCommitted();
          if (diverted) {
            onDiverted.run();
          }
        }
        d = diverted;
      }
    }
    return d;
  }

  /**
   * Flushes the writer handed out by {@link #getWriter()}, so an unflushed servlet loses no text.
   */
  void flushWriter() {
    PrintWriter w;
    synchronized (this) {
      w = writer;
    }
    if (w != null) {
      w.flush();
    }
  }

  /** Set when the stream's deadline passed: the body is closed and later writes fail. */
  private volatile boolean ended;

  /**
   * Ends the response body now (the token that opened the stream expired): what was sent stays
   * sent, the client sees the end of the stream, and the transport's later writes fail with an
   * {@link IOException}, so it lets go of the stream.
   */
  void endStream() {
    ended = true;
    try {
      getResponse().getOutputStream().close();
    } catch (IOException | IllegalStateException e) {
      // the client is gone already, or the response was completed meanwhile
    }
  }

  private void checkNotEnded() throws IOException {
    if (ended) {
      throw new IOException("the stream ended: the token that opened it expired");
    }
  }

  /** The error status the transport chose, or 0 when it answered normally. */
  int errorStatus() {
    return errorStatus;
  }

  @Override
  public void setStatus(int sc) {
    noteStatus(sc);
    super.setStatus(sc);
  }

  @Override
  public void sendError(int sc) {
    noteStatus(sc);
    super.setStatus(sc);
  }

  @Override
  public void sendError(int sc, String msg) {
    noteStatus(sc);
    super.setStatus(sc);
  }

  private void noteStatus(int sc) {
    if (sc >= 400) {
      errorStatus = sc;
    }
  }

  @Override
  public void setHeader(String name, String value) {
    if (CACHE_CONTROL.equalsIgnoreCase(name)) {
      cacheControl(value, false);
      return;
    }
    notice(name, value);
    super.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    if (CACHE_CONTROL.equalsIgnoreCase(name)) {
      cacheControl(value, true);
      return;
    }
    notice(name, value);
    super.addHeader(name, value);
  }

  private void notice(String name, String value) {
    if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
      sessionSeen = true;
      onSessionId.accept(value);
    }
  }

  @Override
  public void setContentLength(int len) {
    if (!dropping()) {
      super.setContentLength(len);
    }
  }

  @Override
  public void setContentLengthLong(long len) {
    if (!dropping()) {
      super.setContentLengthLong(len);
    }
  }

  @Override
  public synchronized ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      ServletOutputStream real = super.getOutputStream();
      stream =
          new ServletOutputStream() {
            @Override
            public boolean isReady() {
              return real.isReady();
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              real.setWriteListener(listener);
            }

            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              checkNotEnded();
              if (dropping()) {
                return;
              }
              scan(new String(b, off, Math.min(len, SCAN_LIMIT), StandardCharsets.UTF_8));
              real.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
              checkNotEnded();
              if (!dropping()) {
                real.flush();
              }
            }
          };
    }
    return stream;
  }

  @Override
  public synchronized PrintWriter getWriter() throws IOException {
    if (writer == null) {
      writer =
          new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8), false);
    }
    return writer;
  }

  @Override
  public void flushBuffer() throws IOException {
    if (writer != null) {
      writer.flush();
    }
    if (!dropping()) {
      super.flushBuffer();
    }
  }

  private void scan(String text) {
    if (sessionSeen) {
      return;
    }
    synchronized (scanned) {
      if (scanned.length() >= SCAN_LIMIT) {
        return;
      }
      scanned.append(text, 0, Math.min(text.length(), SCAN_LIMIT - scanned.length()));
      Matcher m = SSE_SESSION.matcher(scanned);
      if (scanned.indexOf("endpoint") >= 0 && m.find()) {
        sessionSeen = true;
        onSessionId.accept(m.group(1));
      }
    }
  }
}
