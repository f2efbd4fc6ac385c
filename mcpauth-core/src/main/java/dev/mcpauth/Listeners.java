package dev.mcpauth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link McpAuthListener} so that a failing callback never changes a decision. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private Listeners() {}

  static void fetched(McpAuthListener listener, String source, boolean succeeded) {
    try {
      listener.fetched(source, succeeded);
    } catch (RuntimeException e) {
      LOG.warn("McpAuthListener.fetched threw {}", e.getClass().getName());
    }
  }

  /** Reports a final decision of {@code resource} and returns it unchanged. */
  static <T> T decided(McpAuthListener listener, String resource, T result) {
    try {
      if (result instanceof AuthResult.Authorized || result instanceof McpGate.Decision.Forward) {
        listener.authorized(resource);
      } else if (result instanceof AuthResult.Denied denied) {
        listener.denied(resource, denied.reason());
      } else if (result instanceof McpGate.Decision.Respond respond
          && respond.reason().isPresent()) {
        listener.denied(resource, respond.reason().get());
      }
    } catch (RuntimeException e) {
      LOG.warn("McpAuthListener threw {}", e.getClass().getName());
    }
    return result;
  }
}
