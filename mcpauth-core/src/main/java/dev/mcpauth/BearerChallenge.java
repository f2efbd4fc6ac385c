package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that renders denials: the {@code WWW-Authenticate} challenge (RFC 6750 §3, RFC 9728
 * §5.1, RFC 9449 §7.1), the JSON body and the response headers, for every 400, 401, 403 and 503.
 *
 * <p>Parameter order is fixed: {@code realm} first when configured; then, for a challenge with an
 * error, {@code error}, {@code error_description} (not on 403, following the MCP example), {@code
 * scope}, {@code resource_metadata}; for a challenge without one (no credentials), {@code
 * resource_metadata}, {@code scope}. {@code error} appears only when credentials were presented
 * (RFC 6750 §3.1), and only on the scheme the client used. With DPoP on, a {@code DPoP} challenge
 * with {@code algs} follows the {@code Bearer} one (RFC 9449 §7.1); with DPoP required, it stands
 * alone. Every value is a quoted-string with {@code \} and {@code "} escaped and control characters
 * dropped; {@code error_description} is further limited to the RFC 6750 character set. {@code
 * resource_metadata} always comes from configuration, never from the request. Stateless.
 */
final class BearerChallenge {
  private static final String JSON = "application/json";

  /** The authentication scheme a client used. */
  enum Scheme {
    BEARER,
    DPOP
  }

  private final String resourceMetadataUrl;
  private final Optional<String> realm;
  private final boolean showErrorDetails;
  private final Optional<DpopSettings> dpop;

  BearerChallenge(String resourceMetadataUrl, Optional<String> realm, boolean showErrorDetails) {
    this(resourceMetadataUrl, realm, showErrorDetails, Optional.empty());
  }

  BearerChallenge(
      String resourceMetadataUrl,
      Optional<String> realm,
      boolean showErrorDetails,
      Optional<DpopSettings> dpop) {
    this.resourceMetadataUrl = resourceMetadataUrl;
    this.realm = realm;
    this.showErrorDetails = showErrorDetails;
    this.dpop = dpop;
  }

  /** 401 without error: the client has not presented credentials. */
  AuthResult.Denied missingCredentials(List<String> scopes) {
    return denied(
        AuthError.MISSING_CREDENTIALS,
        DenialReason.MISSING_CREDENTIALS,
        challenges(null, null, null, scopes, true),
        body("unauthorized", "Authentication required: send a Bearer access token.", null, null),
        null,
        null);
  }

  /** 400 invalid_request: ambiguous credentials. */
  AuthResult.Denied invalidRequest(String reason) {
    String description = DenialReason.AMBIGUOUS_CREDENTIALS.description();
    return denied(
        AuthError.INVALID_REQUEST,
        DenialReason.AMBIGUOUS_CREDENTIALS,
        challenges(Scheme.BEARER, "invalid_request", description, List.of(), false),
        body("invalid_request", description, reason, null),
        null,
        null);
  }

  /** 401 invalid_token. */
  AuthResult.Denied invalidToken(DenialReason failure, Optional<String> detail) {
    return invalidToken(Scheme.BEARER, failure, detail);
  }

  /** 401 invalid_token, on the challenge of the scheme the client used. */
  AuthResult.Denied invalidToken(Scheme scheme, DenialReason failure, Optional<String> detail) {
    return denied(
        AuthError.INVALID_TOKEN,
        failure,
        challenges(scheme, "invalid_token", failure.description(), List.of(), false),
        body("invalid_token", failure.description(), detail.orElse(null), null),
        null,
        null);
  }

  /** 401 invalid_dpop_proof (RFC 9449 §7.1). */
  AuthResult.Denied invalidDpopProof(String detail) {
    return invalidDpopProof(DenialReason.INVALID_DPOP_PROOF, detail);
  }

  /** 401 invalid_dpop_proof for {@code reason} (invalid or replayed). */
  AuthResult.Denied invalidDpopProof(DenialReason reason, String detail) {
    // The proof checks' texts are fixed (never derived from the proof), so naming the failed rule
    // is
    // safe, and it tells the client what to fix (RFC 9449 leaves the description free).
    String description =
        reason == DenialReason.INVALID_DPOP_PROOF && detail != null
            ? "The DPoP proof is invalid: " + detail + "."
            : reason.description();
    return denied(
        AuthError.INVALID_TOKEN,
        reason,
        challenges(Scheme.DPOP, "invalid_dpop_proof", description, List.of(), false),
        body("invalid_dpop_proof", description, detail, null),
        null,
        null);
  }

  /** 401 use_dpop_nonce with a fresh nonce in {@code DPoP-Nonce} (RFC 9449 §9). */
  AuthResult.Denied useDpopNonce(String nonce) {
    String description = DenialReason.DPOP_NONCE_REQUIRED.description();
    return denied(
        AuthError.INVALID_TOKEN,
        DenialReason.DPOP_NONCE_REQUIRED,
        challenges(Scheme.DPOP, "use_dpop_nonce", description, List.of(), false),
        body("use_dpop_nonce", description, null, null),
        null,
        nonce);
  }

  /** 403 insufficient_scope, naming every scope the operation needs. */
  AuthResult.Denied insufficientScope(List<String> needed, List<String> missing) {
    return insufficientScope(Scheme.BEARER, needed, missing);
  }

  /** 403 insufficient_scope on the challenge of the scheme the client used. */
  AuthResult.Denied insufficientScope(Scheme scheme, List<String> needed, List<String> missing) {
    String description = "The access token lacks a scope this operation requires.";
    // MCP 2025-11-25 "Runtime Insufficient Scope Errors": error, scope, resource_metadata.
    return denied(
        AuthError.INSUFFICIENT_SCOPE,
        DenialReason.INSUFFICIENT_SCOPE,
        challenges(scheme, "insufficient_scope", null, needed, false),
        body("insufficient_scope", description, null, missing),
        null,
        null);
  }

  /**
   * 401 {@code insufficient_user_authentication} (RFC 9470 §3): the user must sign in again, with
   * {@code acr_values} and {@code max_age}; {@code scope} names every scope the request needs, so
   * the client asks for all of it in the same authorization.
   */
  AuthResult.Denied insufficientUserAuthentication(
      Scheme scheme, AuthenticationRequirement requirement, List<String> needed) {
    String description =
        requirement.maxAge().isPresent() && requirement.acrValues().isEmpty()
            ? "A more recent authentication is required."
            : "A different authentication level is required.";
    StringBuilder h =
        new StringBuilder(
            challenges(scheme, "insufficient_user_authentication", description, needed, false));
    // RFC 9470 §3: acr_values and max_age are parameters of the challenge that carries the error.
    int errorChallengeEnd = errorChallengeEnd(h, scheme);
    StringBuilder extra = new StringBuilder();
    if (!requirement.acrValues().isEmpty()) {
      extra.append(", acr_values=\"").append(String.join(" ", requirement.acrValues())).append('"');
    }
    requirement
        .maxAge()
        .ifPresent(age -> extra.append(", max_age=\"").append(age.toSeconds()).append('"'));
    h.insert(errorChallengeEnd, extra);
    JsonObject json = new JsonObject();
    json.addProperty("error", "insufficient_user_authentication");
    json.addProperty("error_description", description);
    if (!requirement.acrValues().isEmpty()) {
      json.addProperty("acr_values", String.join(" ", requirement.acrValues()));
    }
    requirement.maxAge().ifPresent(age -> json.addProperty("max_age", age.toSeconds()));
    return denied(
        AuthError.INSUFFICIENT_USER_AUTHENTICATION,
        DenialReason.INSUFFICIENT_USER_AUTHENTICATION,
        h.toString(),
        json.toString(),
        null,
        null);
  }

  /** Where the challenge carrying the error ends in a header built by {@link #challenges}. */
  private static int errorChallengeEnd(StringBuilder h, Scheme scheme) {
    int dpop = h.indexOf(", DPoP");
    if (dpop < 0) {
      return h.length();
    }
    return scheme == Scheme.DPOP && h.indexOf("Bearer") == 0 ? h.length() : dpop;
  }

  /**
   * 403 for an operation a rule forbids whatever the token's scopes: the challenge names no scope
   * (error {@code access_denied}), so no client tries to step up, and the body is a JSON-RPC error
   * with {@code message} in client-safe words.
   */
  AuthResult.Denied accessDenied(Scheme scheme, DenialReason reason, String message, String id) {
    JsonObject body = new JsonObject();
    body.addProperty("jsonrpc", "2.0");
    body.add("id", JsonParser.parseString(id));
    JsonObject e = new JsonObject();
    e.addProperty("code", McpGate.FORBIDDEN_CODE);
    e.addProperty("message", "Forbidden: " + message);
    body.add("error", e);
    return denied(
        AuthError.FORBIDDEN,
        reason,
        challenges(scheme, "access_denied", reason.description(), List.of(), false),
        body.toString(),
        null,
        null);
  }

  /** The RFC 9728 metadata URL the challenges name. */
  String resourceMetadataUrl() {
    return resourceMetadataUrl;
  }

  /** 503 with Retry-After: the authorization server or its keys are unreachable. */
  AuthResult.Denied unavailable(String reason, Duration retryAfter) {
    return unavailable(DenialReason.UNAVAILABLE.description(), reason, retryAfter);
  }

  /**
   * 503 with Retry-After, whose {@code error_description} names what is unavailable when it is not
   * the authorization server (a client told "the authorization server is unreachable" would look in
   * the wrong place, or fetch a new token for nothing).
   */
  AuthResult.Denied unavailable(String description, String reason, Duration retryAfter) {
    long seconds = Math.max(1, retryAfter.toSeconds());
    return denied(
        AuthError.TEMPORARILY_UNAVAILABLE,
        DenialReason.UNAVAILABLE,
        null,
        body("temporarily_unavailable", description, reason, null),
        Long.toString(seconds),
        null);
  }

  /**
   * 500 without Retry-After or challenge: the resource server is misconfigured (the reason is shown
   * only with showErrorDetails).
   */
  AuthResult.Denied misconfigured(String reason) {
    return denied(
        AuthError.SERVER_MISCONFIGURED,
        DenialReason.MISCONFIGURED,
        null,
        body("server_error", DenialReason.MISCONFIGURED.description(), reason, null),
        null,
        null);
  }

  /** 403 for a non-scope rule: no challenge, so the client does not try to step up. */
  static AuthResult.Denied forbidden(DenialReason reason, String error) {
    JsonObject json = new JsonObject();
    json.addProperty("error", error);
    json.addProperty("error_description", reason.description());
    return headersAndDenied(AuthError.FORBIDDEN, reason, null, json.toString(), null, null, false);
  }

  /**
   * 400 for an {@code MCP-Protocol-Version} the gate does not accept: MCP 2026-07-28's {@code
   * UnsupportedProtocolVersion} error, whose {@code data} lists the {@code supported} versions and
   * echoes the {@code requested} one when it is a single short version-like token (never arbitrary
   * header text).
   */
  static AuthResult.Denied unsupportedProtocolVersion(
      List<String> requested, List<String> supported) {
    JsonObject body = new JsonObject();
    body.addProperty("jsonrpc", "2.0");
    body.add("id", com.google.gson.JsonNull.INSTANCE);
    JsonObject e = new JsonObject();
    e.addProperty("code", McpGate.UNSUPPORTED_PROTOCOL_VERSION_CODE);
    e.addProperty(
        "message", "Unsupported MCP-Protocol-Version; supported: " + String.join(", ", supported));
    JsonObject data = new JsonObject();
    JsonArray list = new JsonArray();
    supported.forEach(list::add);
    data.add("supported", list);
    if (requested.size() == 1 && requested.get(0).trim().matches("[0-9A-Za-z._-]{1,32}")) {
      data.addProperty("requested", requested.get(0).trim());
    }
    e.add("data", data);
    body.add("error", e);
    return headersAndDenied(
        AuthError.INVALID_REQUEST,
        DenialReason.UNSUPPORTED_PROTOCOL_VERSION,
        null,
        body.toString(),
        null,
        null,
        false);
  }

  /** A JSON-RPC error answered with an HTTP status (400 header mismatch, 413 too large). */
  static AuthResult.Denied jsonRpcError(
      AuthError error, DenialReason reason, int code, String message, String idJson) {
    JsonObject body = new JsonObject();
    body.addProperty("jsonrpc", "2.0");
    body.add("id", JsonParser.parseString(idJson)); // a string, number or null the scan checked
    JsonObject e = new JsonObject();
    e.addProperty("code", code);
    e.addProperty("message", message);
    body.add("error", e);
    return headersAndDenied(error, reason, null, body.toString(), null, null, false);
  }

  /**
   * The whole header value: the challenge of the scheme used (carrying the error), then the other
   * scheme's challenge without an error when DPoP is on.
   */
  private String challenges(
      Scheme used, String error, String description, List<String> scopes, boolean noCredentials) {
    boolean dpopOn = dpop.isPresent();
    boolean bearerAccepted = !dpopOn || !dpop.get().required();
    StringBuilder h = new StringBuilder(200);
    if (bearerAccepted) {
      boolean errorHere = used == Scheme.BEARER || (used == Scheme.DPOP && !dpopOn);
      append(
          h,
          "Bearer",
          errorHere ? error : null,
          errorHere ? description : null,
          noCredentials || errorHere ? scopes : List.of(),
          noCredentials,
          false);
    }
    if (dpopOn) {
      boolean errorHere = used == Scheme.DPOP;
      append(
          h,
          "DPoP",
          errorHere ? error : null,
          errorHere ? description : null,
          noCredentials && !bearerAccepted || errorHere ? scopes : List.of(),
          noCredentials,
          true);
    }
    return h.toString();
  }

  private void append(
      StringBuilder h,
      String scheme,
      String error,
      String description,
      List<String> scopes,
      boolean noCredentials,
      boolean algs) {
    if (h.length() > 0) {
      h.append(", ");
    }
    h.append(scheme);
    int start = h.length();
    realm.ifPresent(r -> param(h, start, "realm", r));
    if (error != null) {
      param(h, start, "error", error);
      if (description != null) {
        param(h, start, "error_description", description);
      }
      if (!scopes.isEmpty()) {
        param(h, start, "scope", String.join(" ", scopes));
      }
      if (algs) {
        param(h, start, "algs", dpop.get().algsParameter());
      }
      param(h, start, "resource_metadata", resourceMetadataUrl);
      return;
    }
    if (algs) {
      param(h, start, "algs", dpop.get().algsParameter());
    }
    param(h, start, "resource_metadata", resourceMetadataUrl);
    if (noCredentials && !scopes.isEmpty()) {
      param(h, start, "scope", String.join(" ", scopes));
    }
  }

  private static void param(StringBuilder h, int schemeEnd, String name, String value) {
    h.append(h.length() == schemeEnd ? " " : ", ").append(name).append("=\"");
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

  private AuthResult.Denied denied(
      AuthError error,
      DenialReason reason,
      String challenge,
      String body,
      String retryAfter,
      String nonce) {
    return headersAndDenied(error, reason, challenge, body, retryAfter, nonce, dpop.isPresent());
  }

  private static AuthResult.Denied headersAndDenied(
      AuthError error,
      DenialReason reason,
      String challenge,
      String body,
      String retryAfter,
      String nonce,
      boolean dpopOn) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (challenge != null) {
      headers.put("WWW-Authenticate", challenge);
    }
    if (nonce != null) {
      headers.put("DPoP-Nonce", nonce);
    }
    headers.put("Content-Type", JSON);
    headers.put("Cache-Control", "no-store");
    if (challenge != null) {
      headers.put(
          "Access-Control-Expose-Headers",
          dpopOn ? "WWW-Authenticate, DPoP-Nonce" : "WWW-Authenticate");
    }
    if (retryAfter != null) {
      headers.put("Retry-After", retryAfter);
    }
    return new AuthResult.Denied(
        reason, error.status(), Optional.ofNullable(challenge), body, headers);
  }
}
