package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The token endpoint of one authorization server for {@link TokenExchange}: from its fixed
 * metadata, or discovered on first use and kept for {@link #REFRESH}; a failed discovery is retried
 * at most every {@link #RETRY} (meanwhile callers get the same failure at once). The metadata must
 * name a token endpoint (https, or http on loopback) and, if it lists {@code
 * grant_types_supported}, the token-exchange grant. Thread-safe.
 */
final class TokenEndpointLookup {
  static final Duration REFRESH = Duration.ofHours(1);
  static final Duration RETRY = Duration.ofSeconds(2);

  private record Known(String endpoint, Instant until) {}

  private record Failed(TokenExchangeException.Kind kind, String message, Instant until) {}

  private final AuthServerConfig server;
  private final HttpFetcher http;
  private final Clock clock;
  private Known known;
  private Failed failed;

  TokenEndpointLookup(AuthServerConfig server, HttpFetcher http, Clock clock) {
    this.server = server;
    this.http = http;
    this.clock = clock;
  }

  synchronized String tokenEndpoint() {
    Instant now = clock.instant();
    if (known != null && now.isBefore(known.until())) {
      return known.endpoint();
    }
    if (failed != null && now.isBefore(failed.until())) {
      throw new TokenExchangeException(failed.kind(), null, failed.message(), RETRY);
    }
    AuthServerMetadata metadata;
    if (server instanceof AuthServerConfig.Resolved resolved) {
      metadata = resolved.metadata();
    } else {
      try {
        metadata =
            AuthServerDiscovery.using(http).fetch((AuthServerConfig.Discovery) server).metadata();
      } catch (McpAuthConfigException e) {
        boolean outage = e.code() == McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR;
        return fail(
            outage
                ? TokenExchangeException.Kind.UNAVAILABLE
                : TokenExchangeException.Kind.MISCONFIGURED,
            "the metadata of " + server.issuer() + " is not available: " + e.code().code(),
            now);
      }
    }
    if (metadata.tokenEndpoint().isEmpty()) {
      return fail(
          TokenExchangeException.Kind.MISCONFIGURED,
          "the metadata of " + server.issuer() + " names no token_endpoint",
          now);
    }
    String endpoint = metadata.tokenEndpoint().get();
    if (!SecureUrls.isHttpsOrLoopback(endpoint)) {
      return fail(
          TokenExchangeException.Kind.MISCONFIGURED,
          "the token endpoint " + endpoint + " is not https: tokens are never sent to it",
          now);
    }
    if (!metadata.grantTypesSupported().isEmpty()
        && !metadata.grantTypesSupported().contains(TokenExchange.GRANT_TYPE)) {
      return fail(
          TokenExchangeException.Kind.MISCONFIGURED,
          "the grant_types_supported of "
              + server.issuer()
              + " does not list "
              + TokenExchange.GRANT_TYPE,
          now);
    }
    known = new Known(endpoint, now.plus(REFRESH));
    failed = null;
    return endpoint;
  }

  private String fail(TokenExchangeException.Kind kind, String message, Instant now) {
    failed = new Failed(kind, message, now.plus(RETRY));
    throw new TokenExchangeException(kind, null, message, RETRY);
  }
}
