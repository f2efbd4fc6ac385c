package dev.mcpauth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token obtained by {@link TokenExchange} for one downstream API, on behalf of the caller
 * whose token was exchanged. Immutable and thread-safe; {@link #toString()} never prints the token.
 *
 * <p>It is valid only for the resources and audiences it was requested for: {@link #permits} tells
 * whether a URL lies within one of them, and {@link #authorizationFor} and {@link
 * TokenExchange#get} refuse to hand it to any other URL, so that a token meant for one API never
 * reaches another.
 */
public final class ExchangedToken {
  private final String token;
  private final String tokenType;
  private final String issuedTokenType;
  private final Instant expiresAt;
  private final List<String> scopes;
  private final List<String> resources;
  private final List<String> audiences;

  ExchangedToken(
      String token,
      String tokenType,
      String issuedTokenType,
      Instant expiresAt,
      List<String> scopes,
      List<String> resources,
      List<String> audiences) {
    this.token = Objects.requireNonNull(token, "token");
    this.tokenType = Objects.requireNonNull(tokenType, "tokenType");
    this.issuedTokenType = Objects.requireNonNull(issuedTokenType, "issuedTokenType");
    this.expiresAt = expiresAt;
    this.scopes = List.copyOf(scopes);
    this.resources = List.copyOf(resources);
    this.audiences = List.copyOf(audiences);
  }

  /** The access token. Never log it; send it only where {@link #permits} says. */
  public String token() {
    return token;
  }

  /** {@code token_type} as issued: {@code Bearer}. */
  public String tokenType() {
    return tokenType;
  }

  /**
   * {@code issued_token_type} (RFC 8693 §2.2.1): {@code
   * urn:ietf:params:oauth:token-type:access_token} or {@code urn:ietf:params:oauth:token-type:jwt}.
   */
  public String issuedTokenType() {
    return issuedTokenType;
  }

  /** When it expires ({@code expires_in} from the time it was issued), when the server said. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** The scopes granted: the response's {@code scope}, else the ones requested (RFC 6749 §5.1). */
  public List<String> scopes() {
    return scopes;
  }

  /** The RFC 8707 {@code resource} values it was requested for. */
  public List<String> resources() {
    return resources;
  }

  /** The RFC 8693 {@code audience} values it was requested for. */
  public List<String> audiences() {
    return audiences;
  }

  /**
   * Whether {@code url} lies within a resource or an absolute-URL audience of this token: same
   * scheme, host and port, and a path equal to the target's or below it ({@code /api} covers {@code
   * /api/x}, not {@code /apix}). A URL with dot segments, encoded dots or slashes, user
   * information, or plain http to a host other than loopback is never permitted.
   */
  public boolean permits(String url) {
    List<String> targets = new ArrayList<>(resources);
    targets.addAll(audiences);
    return DownstreamUrls.within(url, targets);
  }

  /**
   * The {@code Authorization} header value to send to {@code url}.
   *
   * @throws TokenExchangeException {@link TokenExchangeException.Kind#MISCONFIGURED} when {@link
   *     #permits} is false for {@code url}
   */
  public String authorizationFor(String url) {
    if (!permits(url)) {
      throw TokenExchangeException.misconfigured(
          "refusing to send a token issued for "
              + targetsText()
              + " to "
              + DownstreamUrls.withoutQuery(url)
              + ": it is not within them");
    }
    return "Bearer " + token;
  }

  String targetsText() {
    List<String> targets = new ArrayList<>(resources);
    targets.addAll(audiences);
    return targets.toString();
  }

  /** Redacted: prints what the token is for, never the token. */
  @Override
  public String toString() {
    return "ExchangedToken{resources="
        + resources
        + ", audiences="
        + audiences
        + ", scopes="
        + scopes
        + ", expiresAt="
        + expiresAt
        + ", token=<redacted>}";
  }
}
