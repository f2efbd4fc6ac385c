package dev.mcpauth.spring.webmvc;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.function.Consumer;

/** Notices the {@code Mcp-Session-Id} the MCP transport assigns, so the gate can bind it to its creator. */
final class SessionIdCapturingResponse extends HttpServletResponseWrapper {
  static final String SESSION_HEADER = "Mcp-Session-Id";

  private final Consumer<String> onSessionId;

  SessionIdCapturingResponse(HttpServletResponse response, Consumer<String> onSessionId) {
    super(response);
    this.onSessionId = onSessionId;
  }

  @Override
  public void setHeader(String name, String value) {
    notice(name, value);
    super.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    notice(name, value);
    super.addHeader(name, value);
  }

  private void notice(String name, String value) {
    if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
      onSessionId.accept(value);
    }
  }
}
