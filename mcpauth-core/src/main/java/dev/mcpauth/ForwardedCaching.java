package dev.mcpauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Cache-Control} of responses to forwarded MCP requests ({@link
 * McpGate#forwardedCacheControl}). A result may be filtered per caller (tools hidden by scope), so
 * it must never be stored by a shared cache and served to someone else (RFC 9111 §5.2.2.7).
 */
final class ForwardedCaching {
  private ForwardedCaching() {}

  static String cacheControl(List<String> fromTransport) {
    List<String> directives = new ArrayList<>();
    for (String value : fromTransport) {
      for (String directive : value.split(",")) {
        String d = directive.trim();
        if (!d.isEmpty()) {
          directives.add(d);
        }
      }
    }
    // private="field" keeps only that field out of shared caches, so it does not count
    if (directives.stream().anyMatch(d -> d.equalsIgnoreCase("no-store") || isPrivate(d))) {
      return String.join(", ", directives);
    }
    directives.removeIf(d -> name(d).equals("public") || name(d).equals("private"));
    directives.add(0, "private");
    return String.join(", ", directives);
  }

  private static boolean isPrivate(String directive) {
    return directive.equalsIgnoreCase("private");
  }

  private static String name(String directive) {
    int eq = directive.indexOf('=');
    return (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
  }
}
