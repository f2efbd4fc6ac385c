package dev.mcpauth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A trusted authorization server, either already resolved (type and metadata known) or to be
 * discovered lazily from its issuer on first use, so that a server starts even while the
 * authorization server is down.
 *
 * <pre>{@code
 * AuthServerConfig.discover("https://auth.example.com", AuthServerConfig.Type.OIDC)      // lazy
 * AuthServerConfig.discover("https://auth.example.com")                           // lazy, MCP clients' URL order
 * AuthServerConfig.fetch("https://auth.example.com", AuthServerConfig.Type.OIDC)  // eager
 * AuthServerConfig.resolved(AuthServerConfig.Type.OAUTH, metadata)                       // by hand
 * }</pre>
 */
public sealed interface AuthServerConfig
    permits AuthServerConfig.Resolved, AuthServerConfig.Discovery {

  /**
   * The discovery convention an authorization server follows.
   *
   * <p>The two conventions differ in where the well-known document lives for an issuer that has a
   * path: RFC 8414 inserts {@code /.well-known/oauth-authorization-server} between host and path,
   * OpenID Connect Discovery 1.0 appends {@code /.well-known/openid-configuration} to the issuer.
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc8414#section-3">RFC 8414 §3</a>
   * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig">OIDC
   *     Discovery §4</a>
   */
  enum Type {
    /** OAuth 2.0 Authorization Server Metadata (RFC 8414). */
    OAUTH("oauth"),
    /** OpenID Connect Discovery 1.0. */
    OIDC("oidc");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    /** The lower-case name the npm and Python peers use ({@code "oauth"} or {@code "oidc"}). */
    public String wireName() {
      return wireName;
    }
  }

  /** The issuer identifier tokens from this server carry in {@code iss}, exactly. */
  String issuer();

  /**
   * Fetches and validates the metadata now (RFC 8414 or OIDC Discovery), with the default fetch
   * limits; for tools and start-up checks. A server configured with {@link #discover} is fetched
   * lazily instead.
   *
   * @throws McpAuthConfigException with {@code fetch_server_config_error}, {@code
   *     invalid_server_metadata}, {@code issuer_mismatch} or {@code invalid_server_config}
   */
  static Resolved fetch(String issuer, Type type) {
    return AuthServerDiscovery.create().fetch(issuer, type);
  }

  /** {@link #fetch(String, Type)}, trying the URLs MCP clients try, in their order. */
  static Resolved fetch(String issuer) {
    return AuthServerDiscovery.create().fetchAuto(issuer);
  }

  /**
   * Fetches metadata from an explicit URL (for providers with a non-standard location). No issuer
   * comparison is possible here: compare {@link Resolved#issuer()} yourself.
   */
  static Resolved fetchByWellKnownUrl(String url, Type type) {
    return AuthServerDiscovery.create().fetchByWellKnownUrl(url, type);
  }

  /** A configuration whose metadata is already known. */
  static Resolved resolved(AuthServerConfig.Type type, AuthServerMetadata metadata) {
    return new Resolved(type, metadata);
  }

  /** A configuration discovered lazily with the given convention. */
  static Discovery discover(String issuer, AuthServerConfig.Type type) {
    return new Discovery(issuer, Optional.of(type), UnaryOperator.identity());
  }

  /**
   * A configuration discovered lazily by trying the URLs MCP clients try (2025-11-25 order: RFC
   * 8414 path insertion, then OIDC path insertion, then OIDC path appending), for users who do not
   * know which convention their provider follows.
   */
  static Discovery discover(String issuer) {
    return new Discovery(issuer, Optional.empty(), UnaryOperator.identity());
  }

  /**
   * Authorization server metadata known ahead of time.
   *
   * @param type the discovery convention the server follows
   * @param metadata its metadata
   */
  record Resolved(AuthServerConfig.Type type, AuthServerMetadata metadata)
      implements AuthServerConfig {
    /** Checks both parts are present. */
    public Resolved {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(metadata, "metadata");
    }

    @Override
    public String issuer() {
      return metadata.issuer();
    }
  }

  /**
   * An issuer whose metadata is fetched on first use, single-flight, and refreshed periodically.
   *
   * @param issuer the exact issuer identifier
   * @param type the convention, or empty to try the URLs MCP clients try
   * @param transpileData applied to the raw document before validation (for providers whose
   *     metadata needs fixing up): it receives a mutable map of plain Java values and returns the
   *     map to use
   */
  record Discovery(
      String issuer,
      Optional<AuthServerConfig.Type> type,
      UnaryOperator<Map<String, Object>> transpileData)
      implements AuthServerConfig {
    /** Checks all parts are present. */
    public Discovery {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(transpileData, "transpileData");
    }

    /** Fetches and validates the metadata now, applying {@code transpileData}. */
    public Resolved fetch() {
      return AuthServerDiscovery.create().fetch(this);
    }

    /** A copy that applies {@code transpileData} to the fetched document before validation. */
    public Discovery withTranspileData(UnaryOperator<Map<String, Object>> transpileData) {
      return new Discovery(issuer, type, transpileData);
    }
  }
}
