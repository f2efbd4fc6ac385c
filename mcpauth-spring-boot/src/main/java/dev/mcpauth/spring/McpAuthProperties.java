package dev.mcpauth.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mcpauth.*} properties: one protected resource (the MCP server), its authorization
 * servers, scopes and token policy. Each property maps onto one builder call of the core; {@link
 * McpAuthCustomizer} reaches the same builders from Java, so nothing here is reachable by
 * properties only.
 *
 * <pre>
 * mcpauth.resource=https://notes.example.com/mcp
 * mcpauth.authorization-servers[0].issuer=https://auth.example.com
 * mcpauth.scopes-supported=read:notes,write:notes
 * mcpauth.tool-scopes.create_note=write:notes
 * </pre>
 */
@ConfigurationProperties("mcpauth")
public class McpAuthProperties {
  /**
   * Whether MCP Auth protects this application. {@code false} serves every MCP endpoint without
   * authentication (a warning says so at startup); with it {@code true} (the default), an MCP
   * server without {@code mcpauth.resource} fails the start.
   */
  private boolean enabled = true;

  /**
   * The resource identifier (RFC 8707/9728): the MCP endpoint's canonical URL; tokens must name it
   * in aud.
   */
  private String resource;

  /** The trusted authorization servers, discovered lazily. */
  private List<AuthorizationServer> authorizationServers = new ArrayList<>();

  /** The scopes advertised in the metadata's scopes_supported. */
  private List<String> scopesSupported = new ArrayList<>();

  /** The base scopes every request to the MCP endpoint must carry. */
  private List<String> requiredScopes = new ArrayList<>();

  /**
   * Per-tool scopes (tool name to scopes), on top of the base scopes; a call lacking them gets 403.
   */
  private Map<String, List<String>> toolScopes = new LinkedHashMap<>();

  /**
   * Per-resource scopes (resource URI, or URI template such as notes://{id}, to scopes), on top of
   * the base scopes; keys with special characters go in brackets: {@code
   * mcpauth.resource-scopes[notes://{id}]=read:notes}.
   */
  private Map<String, List<String>> resourceScopes = new LinkedHashMap<>();

  /** Per-prompt scopes (prompt name to scopes), on top of the base scopes. */
  private Map<String, List<String>> promptScopes = new LinkedHashMap<>();

  /**
   * Per-method scopes (JSON-RPC method to scopes, e.g. {@code
   * mcpauth.method-scopes[resources/list]=read:notes}), on top of the base scopes.
   */
  private Map<String, List<String>> methodScopes = new LinkedHashMap<>();

  /**
   * Whether tools/list hides the tools the caller lacks the scopes for (a courtesy; calls are
   * refused anyway).
   */
  private boolean hideTools;

  /** Other routes to protect, each with the scopes it needs. */
  private List<ProtectedPath> protectedPaths = new ArrayList<>();

  /**
   * Audiences accepted instead of the resource identifier (for providers that cannot set aud to
   * it).
   */
  private List<String> audience = new ArrayList<>();

  /**
   * The only clients whose tokens are accepted (client_id, else azp, compared exactly; a client-id
   * metadata document URL is a client id too); a token from another client gets 401 invalid_token.
   * Empty, with no allowed-client-hosts: any client.
   */
  private List<String> allowedClients = new ArrayList<>();

  /**
   * Hosts of client-id metadata document URLs (https client ids) whose clients' tokens are
   * accepted, besides allowed-clients.
   */
  private List<String> allowedClientHosts = new ArrayList<>();

  /**
   * Whether a token whose aud holds more than one value is refused, even when one of them is this
   * resource (one audience per token, RFC 8707 §2).
   */
  private boolean requireSingleAudience;

  /** The claim holding the granted scopes. */
  private String scopeClaim = "scope";

  /** How far token times may be off. */
  private Duration clockSkew = Duration.ofSeconds(60);

  /** Whether error bodies carry details such as expected and actual values (development only). */
  private boolean showErrorDetails;

  /**
   * Origins (scheme://host[:port]) allowed besides the resource's own, for browser-based MCP
   * clients.
   */
  private List<String> allowedOrigins = new ArrayList<>();

  /** Whether an MCP session is bound to the caller that created it. */
  private boolean sessionBinding = true;

  /** The largest accepted JSON-RPC body in bytes. */
  private int maxBodyBytes = 4 * 1024 * 1024;

  /**
   * Whether RFC 8705 certificate-bound access tokens are accepted (from clients presenting their
   * certificate over mutual TLS) and advertised in the metadata; off by default.
   */
  private boolean tlsClientCertificateBoundAccessTokens;

  /**
   * The request header a trusted reverse proxy terminating mutual TLS forwards the client
   * certificate in (URL-encoded PEM or base64 DER); unset = never read. Only with a proxy that
   * strips it from incoming requests.
   */
  private String forwardedClientCertificateHeader;

  /** DPoP (RFC 9449). */
  private final Dpop dpop = new Dpop();

  /** Token introspection (RFC 7662) for opaque tokens. */
  private final IntrospectionSettings introspection = new IntrospectionSettings();

  /** The verified-token cache. */
  private final Cache cache = new Cache();

  /**
   * Shared state for several instances (DPoP jtis, introspection results, MCP session bindings).
   */
  private final Store store = new Store();

  /**
   * Token exchange (RFC 8693) for calling downstream APIs as the caller; on when {@code
   * mcpauth.token-exchange.client-id} is set.
   */
  private final TokenExchangeSettings tokenExchange = new TokenExchangeSettings();

  /** Whether MCP Auth protects this application. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether MCP Auth protects this application. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The resource identifier. */
  public String getResource() {
    return resource;
  }

  /** Sets the resource identifier. */
  public void setResource(String resource) {
    this.resource = resource;
  }

  /** The trusted authorization servers. */
  public List<AuthorizationServer> getAuthorizationServers() {
    return authorizationServers;
  }

  /** Sets the trusted authorization servers. */
  public void setAuthorizationServers(List<AuthorizationServer> authorizationServers) {
    this.authorizationServers = authorizationServers;
  }

  /** The advertised scopes. */
  public List<String> getScopesSupported() {
    return scopesSupported;
  }

  /** Sets the advertised scopes. */
  public void setScopesSupported(List<String> scopesSupported) {
    this.scopesSupported = scopesSupported;
  }

  /** The base scopes of the MCP endpoint. */
  public List<String> getRequiredScopes() {
    return requiredScopes;
  }

  /** Sets the base scopes of the MCP endpoint. */
  public void setRequiredScopes(List<String> requiredScopes) {
    this.requiredScopes = requiredScopes;
  }

  /** Per-tool scopes. */
  public Map<String, List<String>> getToolScopes() {
    return toolScopes;
  }

  /** Sets per-tool scopes. */
  public void setToolScopes(Map<String, List<String>> toolScopes) {
    this.toolScopes = toolScopes;
  }

  /** Per-resource scopes. */
  public Map<String, List<String>> getResourceScopes() {
    return resourceScopes;
  }

  /** Sets per-resource scopes. */
  public void setResourceScopes(Map<String, List<String>> resourceScopes) {
    this.resourceScopes = resourceScopes;
  }

  /** Per-prompt scopes. */
  public Map<String, List<String>> getPromptScopes() {
    return promptScopes;
  }

  /** Sets per-prompt scopes. */
  public void setPromptScopes(Map<String, List<String>> promptScopes) {
    this.promptScopes = promptScopes;
  }

  /** Per-method scopes. */
  public Map<String, List<String>> getMethodScopes() {
    return methodScopes;
  }

  /** Sets per-method scopes. */
  public void setMethodScopes(Map<String, List<String>> methodScopes) {
    this.methodScopes = methodScopes;
  }

  /** Whether tools/list hides tools the caller may not call. */
  public boolean isHideTools() {
    return hideTools;
  }

  /** Sets whether tools/list hides tools the caller may not call. */
  public void setHideTools(boolean hideTools) {
    this.hideTools = hideTools;
  }

  /** Other protected routes. */
  public List<ProtectedPath> getProtectedPaths() {
    return protectedPaths;
  }

  /** Sets other protected routes. */
  public void setProtectedPaths(List<ProtectedPath> protectedPaths) {
    this.protectedPaths = protectedPaths;
  }

  /** Accepted audiences. */
  public List<String> getAudience() {
    return audience;
  }

  /** Sets accepted audiences. */
  public void setAudience(List<String> audience) {
    this.audience = audience;
  }

  /** The only clients whose tokens are accepted; empty for any. */
  public List<String> getAllowedClients() {
    return allowedClients;
  }

  /** Sets the only clients whose tokens are accepted. */
  public void setAllowedClients(List<String> allowedClients) {
    this.allowedClients = allowedClients;
  }

  /** Hosts of client-id metadata document URLs whose clients' tokens are accepted. */
  public List<String> getAllowedClientHosts() {
    return allowedClientHosts;
  }

  /** Sets the hosts of client-id metadata document URLs whose clients' tokens are accepted. */
  public void setAllowedClientHosts(List<String> allowedClientHosts) {
    this.allowedClientHosts = allowedClientHosts;
  }

  /** Whether a token with more than one audience is refused. */
  public boolean isRequireSingleAudience() {
    return requireSingleAudience;
  }

  /** Sets whether a token with more than one audience is refused. */
  public void setRequireSingleAudience(boolean requireSingleAudience) {
    this.requireSingleAudience = requireSingleAudience;
  }

  /** The scope claim. */
  public String getScopeClaim() {
    return scopeClaim;
  }

  /** Sets the scope claim. */
  public void setScopeClaim(String scopeClaim) {
    this.scopeClaim = scopeClaim;
  }

  /** The allowed clock skew. */
  public Duration getClockSkew() {
    return clockSkew;
  }

  /** Sets the allowed clock skew. */
  public void setClockSkew(Duration clockSkew) {
    this.clockSkew = clockSkew;
  }

  /** Whether error bodies carry details. */
  public boolean isShowErrorDetails() {
    return showErrorDetails;
  }

  /** Sets whether error bodies carry details. */
  public void setShowErrorDetails(boolean showErrorDetails) {
    this.showErrorDetails = showErrorDetails;
  }

  /** Extra allowed origins. */
  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  /** Sets extra allowed origins. */
  public void setAllowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins;
  }

  /** Whether sessions are bound to their creator. */
  public boolean isSessionBinding() {
    return sessionBinding;
  }

  /** Sets whether sessions are bound to their creator. */
  public void setSessionBinding(boolean sessionBinding) {
    this.sessionBinding = sessionBinding;
  }

  /** The body size cap. */
  public int getMaxBodyBytes() {
    return maxBodyBytes;
  }

  /** Sets the body size cap. */
  public void setMaxBodyBytes(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** DPoP settings. */
  public Dpop getDpop() {
    return dpop;
  }

  /** Introspection settings. */
  public IntrospectionSettings getIntrospection() {
    return introspection;
  }

  /** Cache settings. */
  public Cache getCache() {
    return cache;
  }

  /** Shared-state settings. */
  public Store getStore() {
    return store;
  }

  /** Whether certificate-bound access tokens are accepted. */
  public boolean isTlsClientCertificateBoundAccessTokens() {
    return tlsClientCertificateBoundAccessTokens;
  }

  /** Sets whether certificate-bound access tokens are accepted. */
  public void setTlsClientCertificateBoundAccessTokens(boolean value) {
    this.tlsClientCertificateBoundAccessTokens = value;
  }

  /** The header a trusted proxy forwards the client certificate in. */
  public String getForwardedClientCertificateHeader() {
    return forwardedClientCertificateHeader;
  }

  /** Sets the header a trusted proxy forwards the client certificate in. */
  public void setForwardedClientCertificateHeader(String header) {
    this.forwardedClientCertificateHeader = header;
  }

  /** Token exchange settings. */
  public TokenExchangeSettings getTokenExchange() {
    return tokenExchange;
  }

  /** How an authorization server's metadata is discovered. */
  public enum DiscoveryType {
    /** OpenID Connect discovery. */
    OIDC,
    /** RFC 8414 authorization server metadata. */
    OAUTH,
    /** Try the URLs MCP clients try, in their order. */
    AUTO
  }

  /** One trusted authorization server. */
  public static class AuthorizationServer {
    /** The issuer identifier, exactly as tokens carry it in iss. */
    private String issuer;

    /** How its metadata is discovered. */
    private DiscoveryType type = DiscoveryType.OIDC;

    /** The issuer. */
    public String getIssuer() {
      return issuer;
    }

    /** Sets the issuer. */
    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    /** The discovery type. */
    public DiscoveryType getType() {
      return type;
    }

    /** Sets the discovery type. */
    public void setType(DiscoveryType type) {
      this.type = type;
    }
  }

  /** A route outside the MCP endpoint that needs a token. */
  public static class ProtectedPath {
    /** A Spring path pattern, e.g. /notes/**. */
    private String pattern;

    /** The scopes the route needs. */
    private List<String> scopes = new ArrayList<>();

    /** The path pattern. */
    public String getPattern() {
      return pattern;
    }

    /** Sets the path pattern. */
    public void setPattern(String pattern) {
      this.pattern = pattern;
    }

    /** The needed scopes. */
    public List<String> getScopes() {
      return scopes;
    }

    /** Sets the needed scopes. */
    public void setScopes(List<String> scopes) {
      this.scopes = scopes;
    }
  }

  /** DPoP (RFC 9449) settings. */
  public static class Dpop {
    /** Whether DPoP-bound tokens are accepted. */
    private boolean enabled;

    /** Whether only DPoP-bound tokens are accepted. */
    private boolean required;

    /** Whether server nonces are required. */
    private boolean nonces;

    /** Whether proof jtis are checked for replay. */
    private boolean replayCheck;

    /**
     * Secrets server nonces are derived from, current first (each at least 32 bytes, e.g. {@code
     * openssl rand -base64 32}): every instance given the same secrets accepts every instance's
     * nonces; later ones are only accepted (rotation). Unset: a random secret per process.
     */
    private List<String> nonceSecrets = new ArrayList<>();

    /** Whether DPoP is accepted. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether DPoP is accepted. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Whether DPoP is required. */
    public boolean isRequired() {
      return required;
    }

    /** Sets whether DPoP is required. */
    public void setRequired(boolean required) {
      this.required = required;
    }

    /** Whether nonces are required. */
    public boolean isNonces() {
      return nonces;
    }

    /** Sets whether nonces are required. */
    public void setNonces(boolean nonces) {
      this.nonces = nonces;
    }

    /** Whether replays are checked. */
    public boolean isReplayCheck() {
      return replayCheck;
    }

    /** Sets whether replays are checked. */
    public void setReplayCheck(boolean replayCheck) {
      this.replayCheck = replayCheck;
    }

    /** The nonce secrets, current first. */
    public List<String> getNonceSecrets() {
      return nonceSecrets;
    }

    /** Sets the nonce secrets, current first. */
    public void setNonceSecrets(List<String> nonceSecrets) {
      this.nonceSecrets = nonceSecrets;
    }
  }

  /** Token introspection (RFC 7662) settings. */
  public static class IntrospectionSettings {
    /**
     * The issuer whose introspection endpoint is used (one of the authorization servers); unset =
     * off.
     */
    private String issuer;

    /** The introspection endpoint, when the issuer's metadata does not name one. */
    private String endpoint;

    /** The client id the resource server authenticates with. */
    private String clientId;

    /** The client secret the resource server authenticates with. */
    private String clientSecret;

    /**
     * Whether every token is introspected (opaque-only servers); else JWTs are verified locally.
     */
    private boolean everyToken;

    /** How long an active result is cached. */
    private Duration cacheTtl = Duration.ofSeconds(30);

    /** The issuer. */
    public String getIssuer() {
      return issuer;
    }

    /** Sets the issuer. */
    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    /** The endpoint. */
    public String getEndpoint() {
      return endpoint;
    }

    /** Sets the endpoint. */
    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    /** The client id. */
    public String getClientId() {
      return clientId;
    }

    /** Sets the client id. */
    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    /** The client secret. */
    public String getClientSecret() {
      return clientSecret;
    }

    /** Sets the client secret. */
    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    /** Whether every token is introspected. */
    public boolean isEveryToken() {
      return everyToken;
    }

    /** Sets whether every token is introspected. */
    public void setEveryToken(boolean everyToken) {
      this.everyToken = everyToken;
    }

    /** The cache ttl. */
    public Duration getCacheTtl() {
      return cacheTtl;
    }

    /** Sets the cache ttl. */
    public void setCacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
    }
  }

  /** Verified-token cache settings. */
  public static class Cache {
    /** Whether verified JWTs are remembered. */
    private boolean enabled = true;

    /** At most how long a verified token is remembered (at most 1 hour). */
    private Duration ttl = Duration.ofMinutes(5);

    /** At most how many tokens are remembered. */
    private int maxEntries = 10_000;

    /** Whether the cache is on. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether the cache is on. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The ttl. */
    public Duration getTtl() {
      return ttl;
    }

    /** Sets the ttl. */
    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    /** The capacity. */
    public int getMaxEntries() {
      return maxEntries;
    }

    /** Sets the capacity. */
    public void setMaxEntries(int maxEntries) {
      this.maxEntries = maxEntries;
    }
  }

  /**
   * Shared state on Redis (needs {@code dev.mcpauth:mcpauth-redis} on the classpath): the DPoP
   * replay check, the introspection cache and MCP session bindings then hold across instances.
   */
  public static class Store {
    /**
     * The Redis (or Valkey) URI, {@code redis://[[user]:password@]host[:port][/database]} or {@code
     * rediss://...} for TLS; unset: state is kept in memory, per instance.
     */
    private String url;

    /** The prefix of every Redis key the library writes. */
    private String keyPrefix = "mcpauth:";

    /** The bound on one Redis command; a slower answer counts as "store unavailable" (503). */
    private Duration commandTimeout = Duration.ofMillis(250);

    /** The bound on establishing the connection. */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /** The Redis URI. */
    public String getUrl() {
      return url;
    }

    /** Sets the Redis URI. */
    public void setUrl(String url) {
      this.url = url;
    }

    /** The key prefix. */
    public String getKeyPrefix() {
      return keyPrefix;
    }

    /** Sets the key prefix. */
    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /** The command timeout. */
    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    /** Sets the command timeout. */
    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    /** The connect timeout. */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /** Sets the connect timeout. */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }
  }

  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
  public enum ClientAuthentication {
    /** {@code Authorization: Basic}. */
    CLIENT_SECRET_BASIC,
    /** {@code client_id} and {@code client_secret} form parameters. */
    CLIENT_SECRET_POST
  }

  /**
   * Token exchange (RFC 8693) settings: the {@code dev.mcpauth.TokenExchange} bean exchanges the
   * caller's token for one for a downstream API.
   */
  public static class TokenExchangeSettings {
    /** The authorization server to exchange at; unset = the first of the authorization servers. */
    private String issuer;

    /** The token endpoint, when the issuer's metadata does not name the right one. */
    private String tokenEndpoint;

    /** This server's client id at the authorization server; unset = token exchange off. */
    private String clientId;

    /** This server's client secret. */
    private String clientSecret;

    /** How the client authenticates. */
    private ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;

    /** How long before an exchanged token's expiry its cache entry ends. */
    private Duration expirySkew = Duration.ofSeconds(30);

    /** How many exchanged tokens are remembered in memory (0: none). */
    private int cacheCapacity = 10_000;

    /** The issuer. */
    public String getIssuer() {
      return issuer;
    }

    /** Sets the issuer. */
    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    /** The token endpoint. */
    public String getTokenEndpoint() {
      return tokenEndpoint;
    }

    /** Sets the token endpoint. */
    public void setTokenEndpoint(String tokenEndpoint) {
      this.tokenEndpoint = tokenEndpoint;
    }

    /** The client id. */
    public String getClientId() {
      return clientId;
    }

    /** Sets the client id. */
    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    /** The client secret. */
    public String getClientSecret() {
      return clientSecret;
    }

    /** Sets the client secret. */
    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    /** The client authentication method. */
    public ClientAuthentication getClientAuthentication() {
      return clientAuthentication;
    }

    /** Sets the client authentication method. */
    public void setClientAuthentication(ClientAuthentication clientAuthentication) {
      this.clientAuthentication = clientAuthentication;
    }

    /** The expiry skew. */
    public Duration getExpirySkew() {
      return expirySkew;
    }

    /** Sets the expiry skew. */
    public void setExpirySkew(Duration expirySkew) {
      this.expirySkew = expirySkew;
    }

    /** The cache capacity. */
    public int getCacheCapacity() {
      return cacheCapacity;
    }

    /** Sets the cache capacity. */
    public void setCacheCapacity(int cacheCapacity) {
      this.cacheCapacity = cacheCapacity;
    }
  }
}
