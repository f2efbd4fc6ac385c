package dev.mcpauth.examples;

import com.google.gson.JsonObject;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import okhttp3.Headers;

/**
 * A client's mistake, answered as an OAuth error (RFC 6749 §5.2, RFC 7591 §3.2.2): a status, an
 * error code and a description that says what to fix. Thrown inside an endpoint and turned into its
 * response in one place, so a client's mistake never reaches mock-oauth2-server's error page (which
 * prints a stack trace).
 */
final class OAuthProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String error;

  OAuthProblem(int status, String error, String description) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
  }

  /** 400 {@code invalid_request}. */
  static OAuthProblem invalidRequest(String description) {
    return new OAuthProblem(400, "invalid_request", description);
  }

  /** 400 {@code invalid_grant}. */
  static OAuthProblem invalidGrant(String description) {
    return new OAuthProblem(400, "invalid_grant", description);
  }

  /** The OAuth error code. */
  String error() {
    return error;
  }

  /** This problem as a JSON error response. */
  OAuth2HttpResponse response() {
    JsonObject body = new JsonObject();
    body.addProperty("error", error);
    body.addProperty("error_description", getMessage());
    return json(status, body.toString());
  }

  /** A JSON response that no cache keeps. */
  static OAuth2HttpResponse json(int status, String body) {
    return new OAuth2HttpResponse(
        new Headers.Builder()
            .add("Content-Type", "application/json")
            .add("Cache-Control", "no-store")
            .build(),
        status,
        body,
        null);
  }
}
