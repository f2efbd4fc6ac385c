package dev.mcpauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A validated resource identifier (RFC 9728 §1.2, RFC 8707 §2) and the Protected Resource Metadata
 * location derived from it (RFC 9728 §3.1).
 *
 * <p>The identifier is kept byte for byte as configured: it is what the metadata's {@code resource}
 * member says and what tokens must carry in {@code aud}. Nothing here is ever derived from a request's
 * {@code Host} or {@code X-Forwarded-*} headers.
 *
 * <pre>
 * https://api.example.com        → /.well-known/oauth-protected-resource
 * https://api.example.com/notes  → /.well-known/oauth-protected-resource/notes
 * https://api.example.com/a?t=1  → /.well-known/oauth-protected-resource/a  (URL keeps ?t=1)
 * </pre>
 */
final class ResourceIdentifier {

  /** The well-known suffix MCP uses (RFC 9728 §3). */
  public static final String WELL_KNOWN_PREFIX = "/.well-known/oauth-protected-resource";

  private final String value;
  private final String metadataPath;
  private final String metadataUrl;
  private final String normalizedForAudience;

  private ResourceIdentifier(String value, URI uri) {
    this.value = value;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    // RFC 9728 §3.1: a terminating "/" right after the host is removed; a path keeps its own.
    String suffix = path.equals("/") ? "" : path;
    this.metadataPath = WELL_KNOWN_PREFIX + suffix;
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    this.metadataUrl = origin + metadataPath + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    this.normalizedForAudience = lowerSchemeAndHost(value);
  }

  /**
   * Validates a resource identifier.
   *
   * @throws McpAuthConfigException {@code invalid_server_config} when it is not an absolute https URL
   *     (http is accepted only for loopback hosts), has no host, has a fragment, or has user info
   */
  public static ResourceIdentifier of(String resource) {
    Objects.requireNonNull(resource, "resource");
    URI uri;
    try {
      uri = new URI(resource);
    } catch (URISyntaxException e) {
      throw invalid(resource, "it is not a valid URL");
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw invalid(resource, "it must be an absolute URL with a host");
    }
    if (uri.getRawFragment() != null) {
      throw invalid(resource, "it must not have a fragment (RFC 8707 §2)");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(resource, "it must not carry user info");
    }
    if (!SecureUrls.isHttpsOrLoopback(resource)) {
      throw invalid(resource, "it must use https (http is accepted only for loopback hosts)");
    }
    return new ResourceIdentifier(resource, uri);
  }

  private static McpAuthConfigException invalid(String resource, String why) {
    return new McpAuthConfigException(McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
        "resource \"" + resource + "\" is not a valid resource identifier: " + why);
  }

  /** Lower-cases scheme and host only; the path stays case-sensitive (MCP "Canonical Server URI"). */
  static String lowerSchemeAndHost(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return url;
    }
    int authorityEnd = url.length();
    for (int i = schemeEnd + 3; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
    }
    return url.substring(0, authorityEnd).toLowerCase(Locale.ROOT) + url.substring(authorityEnd);
  }

  /** The identifier exactly as configured. */
  public String value() {
    return value;
  }

  /** The path at which this resource's metadata is served, e.g. {@code /.well-known/oauth-protected-resource/mcp}. */
  public String metadataPath() {
    return metadataPath;
  }

  /** The absolute metadata URL advertised in {@code resource_metadata}. */
  public String metadataUrl() {
    return metadataUrl;
  }

  String normalizedForAudience() {
    return normalizedForAudience;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceIdentifier && ((ResourceIdentifier) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
