package dev.mcpauth;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers requests for Protected Resource Metadata documents (RFC 9728 §3): only at the exact paths
 * of configured resources (an unknown suffix is not reflected into a made-up document), GET with
 * the pre-serialized document, HEAD without a body, OPTIONS as a CORS preflight (204), anything
 * else 405 with {@code Allow}. Every response allows any origin (browser MCP clients) and GET/HEAD
 * responses carry {@code Cache-Control: max-age} (RFC 9728 §7.10). Immutable.
 */
final class MetadataEndpoints {
  static final String ALLOW = "GET, HEAD, OPTIONS";

  private final Map<String, ProtectedResourceMetadata> byPath;
  private final String cacheControl;

  private MetadataEndpoints(Map<String, ProtectedResourceMetadata> byPath, Duration maxAge) {
    this.byPath = byPath;
    this.cacheControl = "public, max-age=" + maxAge.toSeconds();
  }

  static MetadataEndpoints of(Iterable<ResourceServerConfig> resources, Duration maxAge) {
    Map<String, ProtectedResourceMetadata> byPath = new HashMap<>();
    for (ResourceServerConfig r : resources) {
      ProtectedResourceMetadata previous =
          byPath.putIfAbsent(r.identifier().metadataPath(), r.toProtectedResourceMetadata());
      if (previous != null) {
        throw new McpAuthConfigException(
            McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
            "resources \""
                + previous.resource()
                + "\" and \""
                + r.identifier().value()
                + "\" would share the metadata path "
                + r.identifier().metadataPath());
      }
    }
    return new MetadataEndpoints(Map.copyOf(byPath), maxAge);
  }

  boolean owns(String path) {
    return byPath.containsKey(path);
  }

  Optional<HttpResponse> respond(String method, String path) {
    ProtectedResourceMetadata metadata = byPath.get(path);
    if (metadata == null) {
      return Optional.empty();
    }
    String m = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", "*");
    switch (m) {
      case "GET":
      case "HEAD":
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", cacheControl);
        return Optional.of(
            new HttpResponse(200, headers, m.equals("GET") ? metadata.toJson() : ""));
      case "OPTIONS":
        return Optional.of(
            CorsPreflight.answer(
                ALLOW, "Authorization, Content-Type, MCP-Protocol-Version", null, headers));
      default:
        headers.put("Allow", ALLOW);
        headers.put("Content-Type", "application/json");
        return Optional.of(
            new HttpResponse(
                405,
                headers,
                "{\"error\":\"method_not_allowed\",\"error_description\":\"Use GET.\"}"));
    }
  }
}
