package dev.mcpauth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which caller created each MCP session (Security Best Practices "Session Hijacking": bind
 * session ids to the user), so a session id is never usable with someone else's token. Bounded: the
 * least recently used binding goes first. Thread-safe.
 */
final class SessionBindings {
  private final int maxSessions;
  private final Map<String, String> owners;

  SessionBindings(int maxSessions) {
    this.maxSessions = maxSessions;
    this.owners = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > SessionBindings.this.maxSessions;
      }
    };
  }

  /** Who a caller is, for binding: issuer and subject (or client id when there is no subject). */
  static String owner(AuthInfo info) {
    return info.issuer() + "\n" + info.subject().orElse("client:" + info.clientId().orElse(""));
  }

  synchronized void bind(String sessionId, AuthInfo info) {
    owners.putIfAbsent(sessionId, owner(info));
  }

  /** False only when the session is bound to another caller; unknown sessions are left to the server. */
  synchronized boolean mayUse(String sessionId, AuthInfo info) {
    String owner = owners.get(sessionId);
    return owner == null || owner.equals(owner(info));
  }

  synchronized void unbind(String sessionId) {
    owners.remove(sessionId);
  }
}
