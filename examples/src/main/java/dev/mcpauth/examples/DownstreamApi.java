package dev.mcpauth.examples;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.ExchangedToken;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.TokenExchange;
import dev.mcpauth.TokenExchangeException;
import java.net.URI;
import java.util.Optional;

/**
 * The demo's second protected API, {@code GET /downstream/whoami}, a resource of its own ({@code
 * <origin>/downstream}: its own audience and RFC 9728 metadata), and the client side the {@code
 * whoami_downstream} tool uses to call it with a token exchanged for the caller's (RFC 8693). A
 * token issued for the MCP endpoint is refused there (audience), and the tool never sends it.
 */
public final class DownstreamApi {
  /** Where every adapter serves the downstream API. */
  public static final String WHOAMI_PATH = "/downstream/whoami";

  private static final Gson GSON = new Gson();

  private final String resource;
  private final Optional<TokenExchange> exchange;

  /**
   * The downstream API at {@code resource}; {@code exchange} obtains tokens for it (empty: the tool
   * explains how to configure one).
   */
  public DownstreamApi(String resource, Optional<TokenExchange> exchange) {
    this.resource = resource;
    this.exchange = exchange;
  }

  /** The downstream resource next to the MCP resource {@code mcpResource}: same origin. */
  public static String resourceBeside(String mcpResource) {
    URI mcp = URI.create(mcpResource);
    return mcp.getScheme() + "://" + mcp.getRawAuthority() + "/downstream";
  }

  /** The downstream resource identifier, e.g. {@code http://localhost:3001/downstream}. */
  public String resource() {
    return resource;
  }

  /** The body of {@code GET /downstream/whoami}: the {@code sub}, {@code aud} and {@code act}. */
  public static String whoami(AuthInfo caller) {
    JsonObject json = new JsonObject();
    json.addProperty("sub", caller.subject().orElse(null));
    json.add("aud", GSON.toJsonTree(caller.audiences()));
    caller.claim("act").ifPresent(act -> json.add("act", GSON.toJsonTree(act)));
    return json.toString();
  }

  /** What the {@code whoami_downstream} tool answers: text, and whether it is an error. */
  public record Answer(String text, boolean isError) {}

  /**
   * Exchanges {@code caller}'s token for one for this API and calls {@code /downstream/whoami} with
   * it; never sends the caller's own token.
   */
  public Answer callAs(AuthInfo caller) {
    if (exchange.isEmpty()) {
      return new Answer(
          "token exchange is not configured: start the demo with --exchange-client ID:SECRET"
              + " (a client of --issuer allowed the token-exchange grant)",
          true);
    }
    try {
      ExchangedToken token =
          exchange.get().exchange(caller, TokenExchange.Target.resource(resource));
      HttpResponse answer =
          exchange.get().get(token, resource + WHOAMI_PATH.substring("/downstream".length()));
      if (answer.status() != 200) {
        return new Answer("the downstream API answered HTTP " + answer.status(), true);
      }
      return new Answer(answer.body(), false);
    } catch (TokenExchangeException e) {
      String why =
          switch (e.kind()) {
            case UNAVAILABLE -> "the authorization server is unavailable, try again later";
            case REFUSED -> "the authorization server refused: " + e.error().orElse("refused");
            case MISCONFIGURED -> "token exchange is misconfigured: " + e.getMessage();
          };
      return new Answer(why, true);
    }
  }
}
