package dev.mcpauth;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/**
 * Fetches authorization server metadata the way MCP clients do (the peers' {@code fetchServerConfig}
 * and {@code fetchServerConfigByWellKnownUrl}), and stricter than they are: the returned {@code issuer}
 * must be identical to the requested one (RFC 8414 §3.3, OIDC Discovery §4.3), the issuer must be https
 * (http only for loopback hosts), and every fetch is bounded by {@link FetchLimits}.
 *
 * <p>Well-known URLs, for issuer {@code https://as.example/tenant}:
 * <ul>
 *   <li>{@link AuthServerType#OAUTH}: {@code https://as.example/.well-known/oauth-authorization-server/tenant}</li>
 *   <li>{@link AuthServerType#OIDC}: {@code https://as.example/tenant/.well-known/openid-configuration}</li>
 *   <li>automatic: the OAuth URL, then {@code https://as.example/.well-known/openid-configuration/tenant},
 *       then the OIDC URL; a 4xx answer moves on to the next URL, anything else is a failure.</li>
 * </ul>
 * A trailing slash on the issuer path is dropped when building the URL; a query is kept.
 *
 * <p>Thread-safe; share one instance.
 */
public final class AuthServerDiscovery {

  /** A well-known URL to try and the convention it belongs to. */
  record Candidate(String url, AuthServerType type) {}

  private final HttpFetcher http;

  private AuthServerDiscovery(HttpFetcher http) {
    this.http = http;
  }

  /** A fetcher with its own OkHttp client and {@link FetchLimits.defaults()}. */
  public static AuthServerDiscovery create() {
    return create(new OkHttpClient(), FetchLimits.defaults());
  }

  /** A fetcher bounded by {@code limits}. */
  public static AuthServerDiscovery create(FetchLimits limits) {
    return create(new OkHttpClient(), limits);
  }

  static AuthServerDiscovery create(OkHttpClient client, FetchLimits limits) {
    return new AuthServerDiscovery(new HttpFetcher(client, limits));
  }

  static AuthServerDiscovery using(HttpFetcher http) {
    return new AuthServerDiscovery(http);
  }

  /**
   * Fetches and checks the metadata of {@code issuer} with the given convention.
   *
   * @throws McpAuthConfigException {@code fetch_server_config_error} (network, status, size),
   *     {@code invalid_server_metadata} (not JSON, missing members), {@code issuer_mismatch}, or
   *     {@code invalid_server_config} (the issuer is not an https URL)
   */
  public AuthServerConfig.Resolved fetch(String issuer, AuthServerType type) {
    return fetch(AuthServerConfig.discover(issuer, type));
  }

  /** Like {@link #fetch(String, AuthServerType)}, trying the URLs MCP clients try, in their order. */
  public AuthServerConfig.Resolved fetchAuto(String issuer) {
    return fetch(AuthServerConfig.discover(issuer));
  }

  /** Resolves a discovery configuration now, applying its {@code transpileData} hook. */
  public AuthServerConfig.Resolved fetch(AuthServerConfig.Discovery config) {
    List<Candidate> candidates = wellKnownUrls(config.issuer(), config.type());
    McpAuthConfigException last = null;
    for (Candidate candidate : candidates) {
      try {
        AuthServerConfig.Resolved resolved =
            fetchOne(candidate.url(), candidate.type(), config.transpileData());
        if (!resolved.issuer().equals(config.issuer())) {
          throw new McpAuthConfigException(McpAuthConfigException.Code.ISSUER_MISMATCH,
              "metadata at " + candidate.url() + " names issuer \"" + resolved.issuer()
                  + "\", expected exactly \"" + config.issuer() + "\"");
        }
        return resolved;
      } catch (NotFoundish e) {
        last = e.exception;
      }
    }
    throw Objects.requireNonNull(last);
  }

  /**
   * Fetches metadata from an explicit URL (for providers with a non-standard location). No issuer
   * comparison is possible here: compare {@link AuthServerConfig.Resolved#issuer()} yourself.
   */
  public AuthServerConfig.Resolved fetchByWellKnownUrl(
      String url, AuthServerType type, UnaryOperator<Map<String, Object>> transpileData) {
    try {
      return fetchOne(url, type, transpileData);
    } catch (NotFoundish e) {
      throw e.exception;
    }
  }

  /** Same as {@link #fetchByWellKnownUrl(String, AuthServerType, UnaryOperator)} without a hook. */
  public AuthServerConfig.Resolved fetchByWellKnownUrl(String url, AuthServerType type) {
    return fetchByWellKnownUrl(url, type, UnaryOperator.identity());
  }

  private AuthServerConfig.Resolved fetchOne(
      String url, AuthServerType type, UnaryOperator<Map<String, Object>> transpileData) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(transpileData, "transpileData");
    HttpFetcher.Fetched fetched;
    try {
      fetched = http.get(url);
    } catch (HttpFetcher.FetchFailure e) {
      McpAuthConfigException ex =
          new McpAuthConfigException(McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR, e.getMessage(), e);
      if (e.status() >= 400 && e.status() < 500) {
        throw new NotFoundish(ex);
      }
      throw ex;
    }
    JsonObject raw;
    try {
      raw = StrictJson.parseObject(fetched.body());
    } catch (StrictJson.JsonRejected e) {
      throw new McpAuthConfigException(McpAuthConfigException.Code.INVALID_SERVER_METADATA,
          "metadata at " + url + " is not usable JSON: " + e.getMessage());
    }
    JsonObject transpiled;
    try {
      Map<String, Object> edited = transpileData.apply(ClaimValues.toMutableMap(raw));
      transpiled = edited == null ? null : (JsonObject) ClaimValues.toJson(edited);
    } catch (RuntimeException e) {
      throw new McpAuthConfigException(McpAuthConfigException.Code.INVALID_SERVER_METADATA,
          "transpileData failed for " + url, e);
    }
    if (transpiled == null) {
      throw new McpAuthConfigException(McpAuthConfigException.Code.INVALID_SERVER_METADATA,
          "transpileData returned null for " + url);
    }
    return AuthServerConfig.resolved(type, AuthServerMetadata.fromJson(transpiled));
  }

  /**
   * The well-known URLs to try for an issuer, in order.
   *
   * @throws McpAuthConfigException {@code invalid_server_config} when the issuer is not an absolute
   *     https URL (http only for loopback) or has a fragment
   */
  static List<Candidate> wellKnownUrls(String issuer, Optional<AuthServerType> type) {
    URI uri = issuerUri(issuer);
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String oauth = origin + "/.well-known/oauth-authorization-server" + path + query;
    String oidcAppend = origin + path + "/.well-known/openid-configuration" + query;
    String oidcInsert = origin + "/.well-known/openid-configuration" + path + query;
    List<Candidate> out = new ArrayList<>();
    if (type.isPresent()) {
      out.add(type.get() == AuthServerType.OAUTH
          ? new Candidate(oauth, AuthServerType.OAUTH) : new Candidate(oidcAppend, AuthServerType.OIDC));
    } else {
      out.add(new Candidate(oauth, AuthServerType.OAUTH));
      if (!path.isEmpty()) {
        out.add(new Candidate(oidcInsert, AuthServerType.OIDC));
      }
      out.add(new Candidate(oidcAppend, AuthServerType.OIDC));
    }
    return out;
  }

  static URI issuerUri(String issuer) {
    URI uri;
    try {
      uri = new URI(Objects.requireNonNull(issuer, "issuer"));
    } catch (URISyntaxException e) {
      throw new McpAuthConfigException(McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "issuer is not a valid URL: " + issuer);
    }
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null
        || !SecureUrls.isHttpsOrLoopback(issuer)) {
      throw new McpAuthConfigException(McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "issuer must be an absolute https URL without fragment (http only for loopback hosts): " + issuer);
    }
    return uri;
  }

  /** A 4xx answer: in automatic mode, the next URL is tried. */
  private static final class NotFoundish extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final McpAuthConfigException exception;

    NotFoundish(McpAuthConfigException exception) {
      super(null, null, false, false);
      this.exception = exception;
    }
  }
}
