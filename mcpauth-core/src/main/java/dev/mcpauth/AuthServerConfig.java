package dev.mcpauth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A trusted authorization server, either already resolved (type and metadata known) or to be
 * discovered lazily from its issuer on first use, so that a server starts even while the authorization
 * server is down.
 *
 * <pre>{@code
 * AuthServerConfig.discover("https://auth.example.com", AuthServerType.OIDC)      // lazy
 * AuthServerConfig.discover("https://auth.example.com")                           // lazy, MCP clients' URL order
 * AuthServerDiscovery.create().fetch("https://auth.example.com", AuthServerType.OIDC) // eager
 * AuthServerConfig.resolved(AuthServerType.OAUTH, metadata)                       // by hand
 * }</pre>
 */
public sealed interface AuthServerConfig permits AuthServerConfig.Resolved, AuthServerConfig.Discovery {

  /** The issuer identifier tokens from this server carry in {@code iss}, exactly. */
  String issuer();

  /** A configuration whose metadata is already known. */
  static Resolved resolved(AuthServerType type, AuthServerMetadata metadata) {
    return new Resolved(type, metadata);
  }

  /** A configuration discovered lazily with the given convention. */
  static Discovery discover(String issuer, AuthServerType type) {
    return new Discovery(issuer, Optional.of(type), UnaryOperator.identity());
  }

  /**
   * A configuration discovered lazily by trying the URLs MCP clients try (2025-11-25 order: RFC 8414
   * path insertion, then OIDC path insertion, then OIDC path appending), for users who do not know which
   * convention their provider follows.
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
  record Resolved(AuthServerType type, AuthServerMetadata metadata) implements AuthServerConfig {
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
   *     metadata needs fixing up): it receives a mutable map of plain Java values and returns the map to
   *     use
   */
  record Discovery(String issuer, Optional<AuthServerType> type, UnaryOperator<Map<String, Object>> transpileData)
      implements AuthServerConfig {
    /** Checks all parts are present. */
    public Discovery {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(transpileData, "transpileData");
    }

    /** A copy that applies {@code transpileData} to the fetched document before validation. */
    public Discovery withTranspileData(UnaryOperator<Map<String, Object>> transpileData) {
      return new Discovery(issuer, type, transpileData);
    }
  }
}
