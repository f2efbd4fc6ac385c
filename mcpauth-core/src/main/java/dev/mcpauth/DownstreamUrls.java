package dev.mcpauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a downstream URL lies within the resource or audience an exchanged token was issued for.
 * Conservative on purpose: anything a server might normalise differently from {@link URI} (dot
 * segments, encoded dots, slashes, backslashes or percent signs) is outside.
 */
final class DownstreamUrls {
  private DownstreamUrls() {}

  private record Parts(String scheme, String host, int port, String path) {}

  static boolean within(String url, List<String> targets) {
    Optional<Parts> candidate = parse(url);
    if (candidate.isEmpty() || !SecureUrls.isHttpsOrLoopback(url)) {
      return false;
    }
    for (String target : targets) {
      Optional<Parts> t = parse(target);
      if (t.isPresent() && covers(t.get(), candidate.get())) {
        return true;
      }
    }
    return false;
  }

  private static boolean covers(Parts target, Parts url) {
    if (!target.scheme().equals(url.scheme())
        || !target.host().equals(url.host())
        || target.port() != url.port()) {
      return false;
    }
    String base = target.path();
    return url.path().equals(base)
        || (base.endsWith("/") ? url.path().startsWith(base) : url.path().startsWith(base + "/"));
  }

  private static Optional<Parts> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      return Optional.empty();
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.contains("%2e")
        || lower.contains("%2f")
        || lower.contains("%25") // a percent that a second decoding would turn into one of these
        || lower.contains("%5c")
        || path.contains("\\")
        || path.contains("/./")
        || path.contains("/../")
        || path.endsWith("/.")
        || path.endsWith("/..")) {
      return Optional.empty();
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return Optional.of(new Parts(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, path));
  }

  /** The URL without its query and fragment, for messages (a query may carry secrets). */
  static String withoutQuery(String url) {
    if (url == null) {
      return "null";
    }
    int cut = url.length();
    for (char c : new char[] {'?', '#'}) {
      int i = url.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return url.substring(0, cut);
  }
}
