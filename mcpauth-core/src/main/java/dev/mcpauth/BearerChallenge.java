package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that renders denials: the {@code WWW-Authenticate} challenge (RFC 6750 §3, RFC 9728
 * §5.1), the JSON body and the response headers, for every 400, 401, 403 and 503.
 *
 * <p>Parameter order is fixed: {@code realm} first when configured; then, for a challenge with an
 * error, {@code error}, {@code error_description} (not on 403, following the MCP example),
 * {@code scope}, {@code resource_metadata}; for a
 * challenge without one (no credentials), {@code resource_metadata}, {@code scope}. {@code error} appears
 * only when credentials were presented (RFC 6750 §3.1). Every value is a quoted-string with {@code \}
 * and {@code "} escaped and control characters dropped; {@code error_description} is further limited
 * to the RFC 6750 character set. {@code resource_metadata} always comes from configuration, never from
 * the request. Stateless.
 */
final class BearerChallenge {
  private static final String JSON = "application/json";

  private final String resourceMetadataUrl;
  private final Optional<String> realm;
  private final boolean showErrorDetails;

  BearerChallenge(String resourceMetadataUrl, Optional<String> realm, boolean showErrorDetails) {
    this.resourceMetadataUrl = resourceMetadataUrl;
    this.realm = realm;
    this.showErrorDetails = showErrorDetails;
  }

  /** 401 without error: the client has not presented credentials. */
  AuthResult.Denied missingCredentials(List<String> scopes) {
    StringBuilder h = start();
    param(h, "resource_metadata", resourceMetadataUrl);
    if (!scopes.isEmpty()) {
      param(h, "scope", String.join(" ", scopes));
    }
    return denied(AuthError.MISSING_CREDENTIALS, h.toString(),
        body("unauthorized", "Authentication required: send a Bearer access token.", null, null), null);
  }

  /** 400 invalid_request: ambiguous credentials. */
  AuthResult.Denied invalidRequest(String reason) {
    String description = "The request carries more than one credential.";
    return denied(AuthError.INVALID_REQUEST, withError("invalid_request", description, List.of()),
        body("invalid_request", description, reason, null), null);
  }

  /** 401 invalid_token. */
  AuthResult.Denied invalidToken(TokenFailure failure, Optional<String> detail) {
    return denied(AuthError.INVALID_TOKEN, withError("invalid_token", failure.description(), List.of()),
        body("invalid_token", failure.description(), detail.orElse(null), null), null);
  }

  /** 403 insufficient_scope, naming every scope the operation needs. */
  AuthResult.Denied insufficientScope(List<String> needed, List<String> missing) {
    String description = "The access token lacks a scope this operation requires.";
    // MCP 2025-11-25 "Runtime Insufficient Scope Errors": error, scope, resource_metadata.
    return denied(AuthError.INSUFFICIENT_SCOPE, withError("insufficient_scope", null, needed),
        body("insufficient_scope", description, null, missing), null);
  }

  /** 503 with Retry-After: the authorization server or its keys are unreachable. */
  AuthResult.Denied unavailable(String reason, Duration retryAfter) {
    long seconds = Math.max(1, retryAfter.toSeconds());
    return denied(AuthError.TEMPORARILY_UNAVAILABLE, null,
        body("temporarily_unavailable",
            "The authorization server is unreachable; retry later.", reason, null),
        Long.toString(seconds));
  }

  /** 403 for a non-scope rule: no challenge, so the client does not try to step up. */
  static AuthResult.Denied forbidden(String error, String description) {
    JsonObject json = new JsonObject();
    json.addProperty("error", error);
    json.addProperty("error_description", description);
    return denied(AuthError.FORBIDDEN, null, json.toString(), null);
  }

  /** A JSON-RPC error answered with an HTTP status (400 header mismatch, 413 too large). */
  static AuthResult.Denied jsonRpcError(AuthError error, int code, String message) {
    JsonObject body = new JsonObject();
    body.addProperty("jsonrpc", "2.0");
    body.add("id", com.google.gson.JsonNull.INSTANCE);
    JsonObject e = new JsonObject();
    e.addProperty("code", code);
    e.addProperty("message", message);
    body.add("error", e);
    return denied(error, null, body.toString(), null);
  }

  private String withError(String error, String description, List<String> scopes) {
    StringBuilder h = start();
    param(h, "error", error);
    if (description != null) {
      param(h, "error_description", description);
    }
    if (!scopes.isEmpty()) {
      param(h, "scope", String.join(" ", scopes));
    }
    param(h, "resource_metadata", resourceMetadataUrl);
    return h.toString();
  }

  private StringBuilder start() {
    StringBuilder h = new StringBuilder(160).append("Bearer");
    realm.ifPresent(r -> param(h, "realm", r));
    return h;
  }

  private static void param(StringBuilder h, String name, String value) {
    h.append(h.length() == 6 ? " " : ", ").append(name).append("=\"");
    boolean description = name.equals("error_description");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        continue; // CR, LF and other controls never reach a header
      }
      if (description && (c == '"' || c == '\\' || c > 0x7E)) {
        h.append('?'); // RFC 6750 §3: error_description excludes these
        continue;
      }
      if (c == '"' || c == '\\') {
        h.append('\\');
      }
      h.append(c);
    }
    h.append('"');
  }

  private String body(String error, String description, String detail, List<String> missingScopes) {
    JsonObject json = new JsonObject();
    json.addProperty("error", error);
    json.addProperty("error_description", description);
    if (showErrorDetails && detail != null) {
      json.addProperty("cause", detail);
    }
    if (showErrorDetails && missingScopes != null) {
      JsonArray missing = new JsonArray();
      missingScopes.forEach(missing::add);
      json.add("missing_scopes", missing);
    }
    return json.toString();
  }

  private static AuthResult.Denied denied(AuthError error, String challenge, String body, String retryAfter) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (challenge != null) {
      headers.put("WWW-Authenticate", challenge);
    }
    headers.put("Content-Type", JSON);
    headers.put("Cache-Control", "no-store");
    if (challenge != null) {
      headers.put("Access-Control-Expose-Headers", "WWW-Authenticate");
    }
    if (retryAfter != null) {
      headers.put("Retry-After", retryAfter);
    }
    return new AuthResult.Denied(error, error.status(), Optional.ofNullable(challenge), body, headers);
  }
}
