package dev.mcpauth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP 2025-03-26 compatibility route (the peers' deprecated {@code delegatedRouter}): serves a
 * trusted authorization server's metadata, unknown members included, at {@code
 * /.well-known/oauth-authorization-server} on the MCP server's own origin, where clients written
 * for 2025-03-26 look for it. Never waits for discovery: while the metadata is not known yet it
 * answers 503 and fetches in the background.
 */
final class LegacyAuthServerMetadata {
  static final String PATH = "/.well-known/oauth-authorization-server";
  private static final Logger LOG = LoggerFactory.getLogger(LegacyAuthServerMetadata.class);

  private final AuthServerMetadataCache metadata;
  private final String cacheControl;
  private final AtomicBoolean warned = new AtomicBoolean();

  LegacyAuthServerMetadata(AuthServerMetadataCache metadata, Duration maxAge) {
    this.metadata = metadata;
    this.cacheControl = "public, max-age=" + maxAge.toSeconds();
  }

  HttpResponse respond(String method) {
    if (warned.compareAndSet(false, true)) {
      LOG.warn(
          "serving {} for MCP 2025-03-26 clients: this compatibility route is deprecated", PATH);
    }
    String m = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", "*");
    if (m.equals("OPTIONS")) {
      return CorsPreflight.answer(MetadataEndpoints.ALLOW, null, null, headers);
    }
    if (!m.equals("GET") && !m.equals("HEAD")) {
      headers.put("Allow", MetadataEndpoints.ALLOW);
      return new HttpResponse(405, headers, "");
    }
    AuthServerMetadataCache.Lookup.Result lookup = metadata.get(false);
    headers.put("Content-Type", "application/json");
    if (lookup instanceof AuthServerMetadataCache.Lookup.Misconfigured) {
      return failure(
          headers, m, 500, "server_error", "cannot be discovered with this configuration");
    }
    if (!(lookup instanceof AuthServerMetadataCache.Lookup.Ready)) {
      headers.put("Retry-After", "2");
      return failure(headers, m, 503, "temporarily_unavailable", "is not available yet");
    }
    headers.put("Cache-Control", cacheControl);
    String body = ((AuthServerMetadataCache.Lookup.Ready) lookup).metadata().toJson();
    return new HttpResponse(200, headers, m.equals("GET") ? body : "");
  }

  /** An error answer about the metadata, never cached; a body only for GET. */
  private static HttpResponse failure(
      Map<String, String> headers, String method, int status, String error, String what) {
    headers.put("Cache-Control", "no-store");
    String body =
        "{\"error\":\""
            + error
            + "\",\"error_description\":\"The authorization server metadata "
            + what
            + ".\"}";
    return new HttpResponse(status, headers, method.equals("GET") ? body : "");
  }
}
