package dev.mcpauth.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * The authorization endpoint (RFC 6749 §4.1.1), in place of mock-oauth2-server's, which wants
 * {@code openid} and prints a stack trace for a client's mistake. Alice is logged in at once (no
 * page). It checks what a real server checks: the client (registered, metadata document, or any
 * other id), the redirect URI against the client's, S256 PKCE (required for registered clients),
 * the resources; {@code openid} is optional. A problem with the client or redirect URI is answered
 * 400 here; any other is sent to the redirect URI (§4.1.2.1). The code remembers the scope,
 * resources, {@code acr_values} (RFC 9470) and this server's own {@code roles} parameter.
 */
final class AuthorizeEndpoint implements Route {
  private final ClientRegistry clients;
  private final Grants grants;
  private final Clock clock;

  AuthorizeEndpoint(ClientRegistry clients, Grants grants, Clock clock) {
    this.clients = clients;
    this.grants = grants;
    this.clock = clock;
  }

  @Override
  public boolean match(OAuth2HttpRequest request) {
    return request
            .getUrl()
            .encodedPath()
            .equals("/" + DevAuthorizationServer.ISSUER_ID + "/authorize")
        && (request.getMethod().equals("GET") || request.getMethod().equals("POST"));
  }

  @Override
  public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
    UrlEncodedForm parameters;
    try {
      parameters =
          UrlEncodedForm.parse(
              request.getMethod().equals("GET")
                  ? request.getUrl().encodedQuery()
                  : request.getBody());
    } catch (OAuthProblem problem) {
      return problem.response();
    }
    String redirectUri;
    ClientRegistry.Client client;
    try {
      String clientId =
          parameters
              .single("client_id")
              .orElseThrow(() -> OAuthProblem.invalidRequest("client_id is missing"));
      client = clients.resolve(clientId);
      redirectUri =
          parameters
              .single("redirect_uri")
              .orElseThrow(() -> OAuthProblem.invalidRequest("redirect_uri is missing"));
      String problem = RedirectUris.problem(redirectUri);
      if (problem != null) {
        throw OAuthProblem.invalidRequest("redirect_uri " + problem);
      }
      if (client.kind() != ClientRegistry.Kind.UNREGISTERED
          && !client.redirectUris().contains(redirectUri)) {
        throw OAuthProblem.invalidRequest(
            "redirect_uri " + redirectUri + " is not one of the client's redirect_uris");
      }
    } catch (OAuthProblem problem) {
      return problem.response(); // never redirect to an unchecked URI
    }
    Map<String, String> answer = new LinkedHashMap<>();
    try {
      parameters.single("state").ifPresent(st -> answer.put("state", st));
      answer.put("iss", issuer(request)); // RFC 9207
      answer.put("code", grants.issueCode(grant(client, redirectUri, parameters)));
    } catch (OAuthProblem problem) {
      answer.remove("code");
      answer.put("error", problem.error());
      answer.put("error_description", problem.getMessage());
    }
    return new OAuth2HttpResponse(
        new Headers.Builder()
            .add("Location", withQuery(redirectUri, answer))
            .add("Cache-Control", "no-store")
            .build(),
        302,
        null,
        null);
  }

  /**
   * The redirect URI with these parameters added to its query (built as a string: a private-use
   * scheme, RFC 8252 §7.1, is no http URL).
   */
  private static String withQuery(String redirectUri, Map<String, String> parameters) {
    StringBuilder b = new StringBuilder(redirectUri);
    char separator = redirectUri.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      b.append(separator)
          .append(p.getKey())
          .append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return b.toString();
  }

  private Grants.Grant grant(
      ClientRegistry.Client client, String redirectUri, UrlEncodedForm parameters) {
    if (!parameters.single("response_type").orElse("").equals("code")) {
      throw new OAuthProblem(400, "unsupported_response_type", "response_type must be code");
    }
    Optional<String> challenge = parameters.single("code_challenge");
    Optional<String> method = parameters.single("code_challenge_method");
    if (challenge.isPresent() && !method.orElse("plain").equals("S256")) {
      throw OAuthProblem.invalidRequest("code_challenge_method must be S256");
    }
    if (challenge.isEmpty() && client.needsPkce()) {
      throw OAuthProblem.invalidRequest(
          "PKCE is required: send code_challenge and code_challenge_method=S256 (RFC 7636)");
    }
    List<String> resources = parameters.all("resource");
    for (String resource : resources) {
      checkResource(resource);
    }
    List<String> acrValues = Issuance.words(parameters.single("acr_values").orElse(null));
    return new Grants.Grant(
        client.id(),
        "alice",
        Issuance.words(parameters.single("scope").orElse(null)),
        resources,
        redirectUri,
        challenge,
        Issuance.acr(Optional.empty(), acrValues),
        Issuance.words(parameters.single("roles").orElse(null)),
        clock.millis() / 1000,
        parameters.single("nonce"),
        Optional.empty());
  }

  /** RFC 8707 §2: an absolute URI without a fragment, else {@code invalid_target}. */
  static void checkResource(String resource) {
    try {
      URI uri = new URI(resource);
      if (uri.isAbsolute() && uri.getRawFragment() == null) {
        return;
      }
    } catch (URISyntaxException e) {
      // answered below
    }
    throw new OAuthProblem(
        400, "invalid_target", "resource must be an absolute URI without a fragment");
  }

  /** The issuer as this request reached it (as mock-oauth2-server names it in its metadata). */
  static String issuer(OAuth2HttpRequest request) {
    return request
        .getUrl()
        .newBuilder()
        .encodedPath("/" + DevAuthorizationServer.ISSUER_ID)
        .query(null)
        .fragment(null)
        .build()
        .toString();
  }
}
