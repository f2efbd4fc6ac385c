package dev.mcpauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The one rule for URLs the library fetches or advertises: https, or http on a loopback host. */
final class SecureUrls {
  private SecureUrls() {}

  /**
   * True for an absolute https URL, or an http URL whose host is localhost or a loopback address.
   */
  static boolean isHttpsOrLoopback(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null) {
      return false;
    }
    return scheme.equals("https") || (scheme.equals("http") && isLoopbackHost(uri.getHost()));
  }

  /** Loopback by name or literal, decided without DNS. */
  static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127(\\.\\d{1,3}){3}");
  }
}
