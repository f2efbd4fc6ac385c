package dev.mcpauth.mcp.servlet;

import dev.mcpauth.HttpResponse;
import dev.mcpauth.StepUp;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The response the MCP transport writes to, answering a mid-call step-up ({@link StepUp}) over HTTP
 * when it still can: at the transport's first write or flush, if the handler asked for a step-up
 * and nothing was sent yet, the response becomes the step-up's 403 {@code insufficient_scope}
 * challenge and everything the transport writes afterwards is dropped. Once the response is
 * committed (an SSE stream that sent an event), it stays the transport's, and the handler's
 * JSON-RPC error carries the step-up. Decides nothing: the challenge is the core's.
 */
final class StepUpResponse extends HttpServletResponseWrapper {
  private final HttpServletResponse raw;
  private final StepUp stepUp;
  private volatile boolean replaced;
  private ServletOutputStream stream;
  private PrintWriter writer;

  /**
   * @param watched what the transport would write to otherwise
   * @param raw the container's response, where the challenge goes
   */
  StepUpResponse(HttpServletResponse watched, HttpServletResponse raw, StepUp stepUp) {
    super(watched);
    this.raw = raw;
    this.stepUp = stepUp;
  }

  /**
   * Before any byte leaves: whether a step-up replaces the response (writing the challenge if it
   * does, once).
   */
  private boolean answeredByStepUp() throws IOException {
    if (replaced) {
      return true;
    }
    synchronized (this) {
      if (replaced || raw.isCommitted()) {
        return replaced;
      }
      Optional<HttpResponse> challenge = stepUp.challenge();
      if (challenge.isEmpty()) {
        return false;
      }
      replaced = true;
      raw.reset();
      ServletHttp.write(raw, challenge.get());
      return true;
    }
  }

  @Override
  public void setStatus(int sc) {
    if (!replaced) {
      super.setStatus(sc);
    }
  }

  @Override
  public void sendError(int sc) throws IOException {
    if (!replaced) {
      super.sendError(sc);
    }
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    if (!replaced) {
      super.sendError(sc, msg);
    }
  }

  @Override
  public void setHeader(String name, String value) {
    if (!replaced) {
      super.setHeader(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!replaced) {
      super.addHeader(name, value);
    }
  }

  @Override
  public void setContentType(String type) {
    if (!replaced) {
      super.setContentType(type);
    }
  }

  @Override
  public void setContentLength(int len) {
    if (!replaced) {
      super.setContentLength(len);
    }
  }

  @Override
  public void setContentLengthLong(long len) {
    if (!replaced) {
      super.setContentLengthLong(len);
    }
  }

  @Override
  public void flushBuffer() throws IOException {
    if (writer != null) {
      writer.flush();
    }
    if (!answeredByStepUp()) {
      super.flushBuffer();
    }
  }

  @Override
  public synchronized ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      ServletOutputStream next = super.getOutputStream();
      stream =
          new ServletOutputStream() {
            @Override
            public boolean isReady() {
              return next.isReady();
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              next.setWriteListener(listener);
            }

            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              if (!answeredByStepUp()) {
                next.write(b, off, len);
              }
            }

            @Override
            public void flush() throws IOException {
              if (!answeredByStepUp()) {
                next.flush();
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

  /** Flushes the writer handed out by {@link #getWriter()}. */
  synchronized void flushWriter() {
    if (writer != null) {
      writer.flush();
    }
  }
}
