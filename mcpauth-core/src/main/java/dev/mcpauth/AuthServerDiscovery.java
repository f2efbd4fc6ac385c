package dev.mcpauth;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches authorization server metadata the way MCP clients do (the peers' {@code
 * fetchServerConfig} and {@code fetchServerConfigByWellKnownUrl}), and stricter than they are: the
 * returned {@code issuer} must be identical to the requested one (RFC 8414 §3.3, OIDC Discovery
 * §4.3), the issuer must be https (http only for loopback hosts), and every fetch is bounded by
 * {@link FetchLimits}.
 *
 * <p>Well-known URLs, for issuer {@code https://as.example/tenant}:
 *
 * <ul>
 *   <li>{@link AuthServerConfig.Type#OAUTH}: {@code
 *       https://as.example/.well-known/oauth-authorization-server/tenant}
 *   <li>{@link AuthServerConfig.Type#OIDC}: {@code
 *       https://as.example/tenant/.well-known/openid-configuration}
 *   <li>automatic: the OAuth URL, then {@code
 *       https://as.example/.well-known/openid-configuration/tenant}, then the OIDC URL; a 4xx
 *       answer moves on to the next URL, anything else is a failure.
 * </ul>
 *
 * A trailing slash on the issuer path is dropped when building the URL; a query is kept.
 *
 * <p>A 404, 405 or 410 at the URL of an explicitly chosen convention is a configuration error, not
 * an outage: the other convention's URL is then probed once per issuer and convention, and when it
 * serves this issuer's metadata the exception's message (and one warning in the log) names the fix,
 * for example "this issuer serves OpenID discovery: use type oidc or auto". Such an exception has a
 * {@link DiscoveryNotServed} as its cause ({@link #notServed(McpAuthConfigException)}).
 *
 * <p>Thread-safe; share one instance.
 */
final class AuthServerDiscovery {

  /** A well-known URL to try and the convention it belongs to. */
  record Candidate(String url, AuthServerConfig.Type type) {}

  private static final Logger LOG = LoggerFactory.getLogger(AuthServerDiscovery.class);

  /** Probed issuers and conventions remembered at most; configurations name few issuers. */
  private static final int MAX_PROBES_REMEMBERED = 256;

  private final HttpFetcher http;

  /**
   * "issuer type" to whether the other convention's URL serves that issuer's metadata, probed once
   * each.
   */
  private final Map<String, Boolean> probes = new ConcurrentHashMap<>();

  private AuthServerDiscovery(HttpFetcher http) {
    this.http = http;
  }

  /** A fetcher with its own OkHttp client and {@link FetchLimits#defaults()}. */
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
  public AuthServerConfig.Resolved fetch(String issuer, AuthServerConfig.Type type) {
    return fetch(AuthServerConfig.discover(issuer, type));
  }

  /**
   * Like {@link #fetch(String, AuthServerConfig.Type)}, trying the URLs MCP clients try, in their
   * order.
   */
  public AuthServerConfig.Resolved fetchAuto(String issuer) {
    return fetch(AuthServerConfig.discover(issuer));
  }

  /** Resolves a discovery configuration now, applying its {@code transpileData} hook. */
  public AuthServerConfig.Resolved fetch(AuthServerConfig.Discovery config) {
    List<Candidate> candidates = wellKnownUrls(config.issuer(), config.type());
    NotFoundish last = null;
    for (Candidate candidate : candidates) {
      try {
        AuthServerConfig.Resolved resolved =
            fetchOne(candidate.url(), candidate.type(), config.transpileData());
        if (!resolved.issuer().equals(config.issuer())) {
          throw new McpAuthConfigException(
              McpAuthConfigException.Code.ISSUER_MISMATCH,
              "metadata at "
                  + candidate.url()
                  + " names issuer \""
                  + resolved.issuer()
                  + "\", expected exactly \""
                  + config.issuer()
                  + "\"");
        }
        return resolved;
      } catch (NotFoundish e) {
        last = e;
      }
    }
    Objects.requireNonNull(last);
    if (config.type().isPresent() && DiscoveryNotServed.isNotServedStatus(last.status)) {
      throw notServed(config, config.type().get(), candidates.get(0).url(), last);
    }
    throw last.exception;
  }

  /**
   * Why discovery failed when the cause was a configuration error (the chosen well-known URL
   * answered 404, 405 or 410), not an outage; empty for every other failure. A cache may retry such
   * a failure less often, and need not answer 503 for it.
   */
  static Optional<DiscoveryNotServed> notServed(McpAuthConfigException e) {
    return e.getCause() instanceof DiscoveryNotServed notServed
        ? Optional.of(notServed)
        : Optional.empty();
  }

  /**
   * The configuration error for a chosen convention whose URL is not served, with the fix if one is
   * found.
   */
  private McpAuthConfigException notServed(
      AuthServerConfig.Discovery config,
      AuthServerConfig.Type type,
      String url,
      NotFoundish failure) {
    AuthServerConfig.Type other =
        type == AuthServerConfig.Type.OAUTH
            ? AuthServerConfig.Type.OIDC
            : AuthServerConfig.Type.OAUTH;
    String otherUrl = wellKnownUrls(config.issuer(), Optional.of(other)).get(0).url();
    Probe probe = probeOnce(config, other, otherUrl);
    String message =
        "no "
            + type.wireName()
            + " metadata for issuer "
            + config.issuer()
            + ": GET "
            + url
            + " answered HTTP "
            + failure.status
            + "; "
            + (probe.served()
                ? DiscoveryNotServed.fix(other, otherUrl)
                : "nothing is served at " + otherUrl + " either: check the issuer");
    if (probe.firstAnswer()) {
      LOG.warn("{}", message);
    }
    return new McpAuthConfigException(
        McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR,
        message,
        new DiscoveryNotServed(
            config.issuer(),
            type,
            url,
            failure.status,
            probe.served() ? Optional.of(other) : Optional.empty()));
  }

  /** What probing the other convention's URL found, and whether this is the first answer seen. */
  private record Probe(boolean served, boolean firstAnswer) {}

  /**
   * Whether {@code other}'s well-known URL serves this issuer's metadata: fetched once per issuer
   * and convention once it answers (an outage during the probe is not remembered: it is probed
   * again).
   */
  private Probe probeOnce(
      AuthServerConfig.Discovery config, AuthServerConfig.Type other, String url) {
    String key = config.issuer() + " " + other.wireName();
    Boolean known = probes.get(key);
    if (known != null) {
      return new Probe(known, false);
    }
    boolean served;
    try {
      served = fetchOne(url, other, config.transpileData()).issuer().equals(config.issuer());
    } catch (NotFoundish e) {
      served = false;
    } catch (McpAuthConfigException e) {
      if (e.code() == McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR) {
        return new Probe(false, false); // an outage: probe again next time
      }
      served = false;
    }
    boolean first =
        probes.size() < MAX_PROBES_REMEMBERED ? probes.putIfAbsent(key, served) == null : true;
    return new Probe(served, first);
  }

  /**
   * Fetches metadata from an explicit URL (for providers with a non-standard location). No issuer
   * comparison is possible here: compare {@link AuthServerConfig.Resolved#issuer()} yourself.
   */
  public AuthServerConfig.Resolved fetchByWellKnownUrl(
      String url, AuthServerConfig.Type type, UnaryOperator<Map<String, Object>> transpileData) {
    try {
      return fetchOne(url, type, transpileData);
    } catch (NotFoundish e) {
      throw e.exception;
    }
  }

  /**
   * Same as {@link #fetchByWellKnownUrl(String, AuthServerConfig.Type, UnaryOperator)} without a
   * hook.
   */
  public AuthServerConfig.Resolved fetchByWellKnownUrl(String url, AuthServerConfig.Type type) {
    return fetchByWellKnownUrl(url, type, UnaryOperator.identity());
  }

  private AuthServerConfig.Resolved fetchOne(
      String url, AuthServerConfig.Type type, UnaryOperator<Map<String, Object>> transpileData) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(transpileData, "transpileData");
    HttpFetcher.Fetched fetched;
    try {
      fetched = http.get(url);
    } catch (HttpFetcher.FetchFailure e) {
      McpAuthConfigException ex =
          new McpAuthConfigException(
              McpAuthConfigException.Code.FETCH_SERVER_CONFIG_ERROR, e.getMessage(), e);
      if (e.status() >= 400 && e.status() < 500) {
        throw new NotFoundish(ex, e.status());
      }
      throw ex;
    }
    JsonObject raw;
    try {
      raw = StrictJson.parseObject(fetched.body());
    } catch (StrictJson.JsonRejected e) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_METADATA,
          "metadata at " + url + " is not usable JSON: " + e.getMessage());
    }
    JsonObject transpiled;
    try {
      Map<String, Object> edited = transpileData.apply(ClaimValues.toMutableMap(raw));
      transpiled = edited == null ? null : (JsonObject) ClaimValues.toJson(edited);
    } catch (RuntimeException e) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_METADATA,
          "transpileData failed for " + url,
          e);
    }
    if (transpiled == null) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_METADATA,
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
  static List<Candidate> wellKnownUrls(String issuer, Optional<AuthServerConfig.Type> type) {
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
      out.add(
          type.get() == AuthServerConfig.Type.OAUTH
              ? new Candidate(oauth, AuthServerConfig.Type.OAUTH)
              : new Candidate(oidcAppend, AuthServerConfig.Type.OIDC));
    } else {
      out.add(new Candidate(oauth, AuthServerConfig.Type.OAUTH));
      if (!path.isEmpty()) {
        out.add(new Candidate(oidcInsert, AuthServerConfig.Type.OIDC));
      }
      out.add(new Candidate(oidcAppend, AuthServerConfig.Type.OIDC));
    }
    return out;
  }

  static URI issuerUri(String issuer) {
    URI uri;
    try {
      uri = new URI(Objects.requireNonNull(issuer, "issuer"));
    } catch (URISyntaxException e) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "issuer is not a valid URL: " + issuer);
    }
    if (!uri.isAbsolute()
        || uri.getHost() == null
        || uri.getRawFragment() != null
        || !SecureUrls.isHttpsOrLoopback(issuer)) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "issuer must be an absolute https URL without fragment (http only for loopback hosts): "
              + issuer);
    }
    return uri;
  }

  /** A 4xx answer: in automatic mode, the next URL is tried. */
  private static final class NotFoundish extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final McpAuthConfigException exception;
    private final int status;

    NotFoundish(McpAuthConfigException exception, int status) {
      super(null, null, false, false);
      this.exception = exception;
      this.status = status;
    }
  }
}
