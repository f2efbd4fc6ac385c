package dev.mcpauth.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Which redirect URIs and client-id URLs this server accepts, and what a loopback host is. */
final class RedirectUris {
  private static final Set<String> FORBIDDEN_SCHEMES =
      Set.of("javascript", "data", "file", "vbscript", "about", "blob");

  private RedirectUris() {}

  /**
   * Why {@code uri} cannot be a redirect URI, or null if it can: it must be absolute, without a
   * fragment (RFC 6749 §3.1.2); {@code http} only on a loopback host (RFC 8252 §7.3); https or a
   * private-use scheme (RFC 8252 §7.1) anywhere.
   */
  static String problem(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return "is not a URI";
    }
    if (!parsed.isAbsolute()) {
      return "is not absolute";
    }
    if (parsed.getRawFragment() != null) {
      return "has a fragment";
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    if (FORBIDDEN_SCHEMES.contains(scheme)) {
      return "has the scheme " + scheme;
    }
    if (scheme.equals("http") && !isLoopback(parsed.getHost())) {
      return "uses http on a host that is not loopback (use https, or http://127.0.0.1 or localhost)";
    }
    if ((scheme.equals("http") || scheme.equals("https")) && parsed.getHost() == null) {
      return "has no host";
    }
    return null;
  }

  /** Whether {@code host} (as a URI gives it) names this machine. */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.equals("[::1]")
        || h.equals("::1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
