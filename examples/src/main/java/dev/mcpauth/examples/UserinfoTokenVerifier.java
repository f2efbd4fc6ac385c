package dev.mcpauth.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.DenialReason;
import dev.mcpauth.McpAuthConfigException;
import dev.mcpauth.TokenVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A custom verifier that treats access tokens as opaque and asks the provider's OpenID Connect
 * userinfo endpoint who they belong to (the peers' "who am I" tutorial). MCP Auth still checks the
 * issuer, the audience, the expiry and the scopes of what it returns, so the provider's userinfo
 * response must carry {@code aud} and {@code exp} (mock-oauth2-server's does); for providers whose
 * userinfo does not, verify JWTs or use token introspection instead.
 */
public final class UserinfoTokenVerifier implements TokenVerifier {
  private final String issuer;
  private final AtomicReference<String> userinfoEndpoint = new AtomicReference<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Verifies tokens of {@code issuer} at its userinfo endpoint (discovered on first use). */
  public UserinfoTokenVerifier(String issuer) {
    this.issuer = issuer;
  }

  private Optional<String> userinfoEndpoint() {
    String known = userinfoEndpoint.get();
    if (known != null) {
      return Optional.of(known);
    }
    try {
      Optional<String> found =
          AuthServerConfig.fetch(issuer, AuthServerConfig.Type.OIDC).metadata().userinfoEndpoint();
      found.ifPresent(userinfoEndpoint::set);
      return found;
    } catch (McpAuthConfigException e) {
      return Optional
          .empty(); // not reachable now: the request gets 503 and discovery is tried again
    }
  }

  @Override
  public TokenVerifier.Result verify(String token) {
    Optional<String> userinfo = userinfoEndpoint();
    if (userinfo.isEmpty()) {
      return TokenVerifier.Result.unavailable(
          "the userinfo endpoint of " + issuer + " is unknown", Duration.ofSeconds(2));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(userinfo.get()))
                  .timeout(Duration.ofSeconds(5))
                  .header("Authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return TokenVerifier.Result.unavailable("userinfo is unreachable", Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TokenVerifier.Result.unavailable("interrupted", Duration.ofSeconds(1));
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      return TokenVerifier.Result.rejected(DenialReason.INACTIVE, "userinfo refused the token");
    }
    if (response.statusCode() != 200) {
      return TokenVerifier.Result.unavailable(
          "userinfo answered " + response.statusCode(), Duration.ofSeconds(2));
    }
    JsonObject claims;
    try {
      claims = JsonParser.parseString(response.body()).getAsJsonObject();
    } catch (RuntimeException e) {
      return TokenVerifier.Result.unavailable(
          "userinfo answered something that is not a JSON object", Duration.ofSeconds(2));
    }
    AuthInfo.Builder info =
        AuthInfo.builder(token, issuer)
            .subject(string(claims, "sub"))
            .clientId(string(claims, "client_id"))
            .audiences(strings(claims.get("aud")))
            .scopes(
                claims.has("scope")
                    ? List.of(claims.get("scope").getAsString().split(" "))
                    : List.of());
    if (claims.has("exp") && claims.get("exp").isJsonPrimitive()) {
      info.expiresAt(Instant.ofEpochSecond(claims.get("exp").getAsLong()));
    }
    return TokenVerifier.Result.verified(info.build());
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static List<String> strings(JsonElement e) {
    List<String> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    if (e.isJsonArray()) {
      for (JsonElement item : (JsonArray) e) {
        out.add(item.getAsString());
      }
    } else {
      out.add(e.getAsString());
    }
    return out;
  }
}
