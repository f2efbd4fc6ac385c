package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of one protected resource: every RFC 9728 §2 member, with the trusted
 * authorization servers given as {@link AuthServerConfig}s (the peers' {@code
 * ResourceServerConfig}).
 *
 * <p>The wire document (what {@link McpAuth#metadataFor(String, String)} serves): there each
 * authorization server is replaced by its exact issuer string.
 *
 * <pre>{@code
 * ResourceServerConfig.builder("https://api.example.com/notes")
 *     .authorizationServer(AuthServerConfig.discover("https://auth.example.com", AuthServerConfig.Type.OIDC))
 *     .scopesSupported("read:notes", "write:notes")
 *     .resourceName("Notes")
 *     .build();
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728#section-2">RFC 9728 §2</a>
 */
public final class ResourceServerConfig {

  private final ResourceIdentifier resource;
  private final List<AuthServerConfig> authorizationServers;
  private final ProtectedResourceMetadata wire;
  private final TokenPolicy tokenPolicy;
  private final Optional<TokenVerifier> tokenVerifier;
  private final Optional<Introspection> introspection;
  private final boolean introspectEveryToken;
  private final Optional<IssuerResolver> issuerResolver;
  private final Optional<String> apiKeyHeader;
  private final Optional<TokenVerifier> apiKeyVerifier;
  private final boolean certificateBoundTokens;
  private final Optional<String> forwardedCertificateHeader;

  /** At most this many issuers accepted by an {@link IssuerResolver} are kept per resource: 100. */
  public static final int MAX_RESOLVED_ISSUERS = 100;

  private ResourceServerConfig(Builder b) {
    this.resource = ResourceIdentifier.of(b.resource);
    this.authorizationServers = List.copyOf(b.authorizationServers);
    List<String> issuers = new ArrayList<>();
    for (AuthServerConfig server : authorizationServers) {
      if (issuers.contains(server.issuer())) {
        throw new McpAuthConfigException(
            McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
            "authorization server \""
                + server.issuer()
                + "\" is listed twice for resource "
                + b.resource);
      }
      issuers.add(server.issuer());
    }
    if (b.scopesSupported.contains("offline_access") && !b.advertiseOfflineAccess) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "scopes_supported of "
              + b.resource
              + " contains offline_access, which MCP servers should not"
              + " advertise (MCP 2026-07-28 \"Refresh Tokens\"); remove it, or call advertiseOfflineAccess()");
    }
    for (String method : b.bearerMethodsSupported) {
      if (!method.equals("header")) {
        throw new McpAuthConfigException(
            McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
            "bearer_methods_supported may only contain \"header\": MCP sends tokens in the Authorization"
                + " header and this library ignores every other transport (got \""
                + method
                + "\")");
      }
    }
    if (b.resourceSigningAlgValues.contains("none")) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "resource_signing_alg_values_supported must not contain \"none\" (RFC 9728 §2)");
    }
    this.tokenPolicy = b.tokenPolicy;
    this.tokenVerifier = b.tokenVerifier;
    this.introspection = b.introspection;
    this.introspectEveryToken = b.introspectEveryToken;
    this.issuerResolver = b.issuerResolver;
    this.apiKeyHeader = b.apiKeyHeader;
    this.apiKeyVerifier = b.apiKeyVerifier;
    this.certificateBoundTokens = b.tlsClientCertificateBoundAccessTokens;
    this.forwardedCertificateHeader = b.forwardedCertificateHeader;
    if (forwardedCertificateHeader.isPresent() && !certificateBoundTokens) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "forwardedClientCertificateHeader is only read for certificate-bound tokens: add"
              + " tlsClientCertificateBoundAccessTokens(true), or remove it");
    }
    if (introspection.isPresent() && !issuers.contains(introspection.get().issuer())) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "introspection names "
              + introspection.get().issuer()
              + ", which is not an authorization server of "
              + b.resource
              + "; configured: "
              + issuers);
    }
    for (String advertised : b.advertisedIssuers) {
      if (!issuers.contains(advertised)) {
        issuers.add(advertised);
      }
    }
    if (tokenVerifier.isPresent() && introspection.isPresent()) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "resource "
              + b.resource
              + " configures both a custom token verifier and introspection; choose one");
    }
    this.wire = new ProtectedResourceMetadata(render(b, issuers));
  }

  private JsonObject render(Builder b, List<String> issuers) {
    JsonObject json = new JsonObject();
    json.addProperty("resource", resource.value());
    putStrings(json, "authorization_servers", issuers);
    b.jwksUri.ifPresent(v -> json.addProperty("jwks_uri", v));
    putStrings(json, "scopes_supported", b.scopesSupported);
    putStrings(
        json,
        "bearer_methods_supported",
        b.bearerMethodsSupported.isEmpty() ? List.of("header") : b.bearerMethodsSupported);
    putStrings(json, "resource_signing_alg_values_supported", b.resourceSigningAlgValues);
    b.resourceName.ifPresent(v -> json.addProperty("resource_name", v));
    b.resourceDocumentation.ifPresent(v -> json.addProperty("resource_documentation", v));
    b.resourcePolicyUri.ifPresent(v -> json.addProperty("resource_policy_uri", v));
    b.resourceTosUri.ifPresent(v -> json.addProperty("resource_tos_uri", v));
    if (b.tlsClientCertificateBoundAccessTokens) {
      json.addProperty("tls_client_certificate_bound_access_tokens", true);
    }
    putStrings(json, "authorization_details_types_supported", b.authorizationDetailsTypes);
    List<String> dpopAlgs = b.dpopSigningAlgValues;
    if (dpopAlgs.isEmpty() && b.tokenPolicy.dpop().isPresent()) {
      dpopAlgs = List.of(b.tokenPolicy.dpop().get().algsParameter().split(" "));
    }
    putStrings(json, "dpop_signing_alg_values_supported", dpopAlgs);
    if (b.dpopBoundAccessTokensRequired
        || b.tokenPolicy.dpop().map(DpopSettings::required).orElse(false)) {
      json.addProperty("dpop_bound_access_tokens_required", true);
    }
    b.signedMetadata.ifPresent(v -> json.addProperty("signed_metadata", v));
    for (Map.Entry<String, JsonElement> e : b.extra.entrySet()) {
      if (!json.has(e.getKey())) {
        json.add(e.getKey(), e.getValue().deepCopy());
      }
    }
    return json;
  }

  /** RFC 9728 §3.2: members with zero values are omitted, so an empty list is never written. */
  private static void putStrings(JsonObject json, String name, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    json.add(name, array);
  }

  /** Starts a builder for the given resource identifier. */
  public static Builder builder(String resource) {
    return new Builder(resource);
  }

  /**
   * The resource identifier, exactly as configured (validated: absolute https, or http on
   * loopback).
   */
  public String resource() {
    return resource.value();
  }

  /** The absolute Protected Resource Metadata URL ({@code resource_metadata} in challenges). */
  public String metadataUrl() {
    return resource.metadataUrl();
  }

  ResourceIdentifier identifier() {
    return resource;
  }

  /** The trusted authorization servers, in configuration order. */
  public List<AuthServerConfig> authorizationServers() {
    return authorizationServers;
  }

  /** The document served at the metadata URL. */
  ProtectedResourceMetadata toProtectedResourceMetadata() {
    return wire;
  }

  /** How this resource accepts tokens. */
  public TokenPolicy tokenPolicy() {
    return tokenPolicy;
  }

  /** The custom token verifier, when one replaces the built-in JWT verification. */
  public Optional<TokenVerifier> tokenVerifier() {
    return tokenVerifier;
  }

  /** The introspection configuration, when opaque tokens are accepted. */
  public Optional<Introspection> introspection() {
    return introspection;
  }

  /** The header API keys arrive in, when API keys are accepted. */
  public Optional<String> apiKeyHeader() {
    return apiKeyHeader;
  }

  /** The verifier of API keys, when they are accepted. */
  public Optional<TokenVerifier> apiKeyVerifier() {
    return apiKeyVerifier;
  }

  /** Whether RFC 8705 certificate-bound tokens are accepted (with their certificate). */
  boolean certificateBoundTokens() {
    return certificateBoundTokens;
  }

  /** The header a trusted proxy forwards the client certificate in, if configured. */
  Optional<String> forwardedCertificateHeader() {
    return forwardedCertificateHeader;
  }

  /** The resolver for issuers beyond the configured ones, if any. */
  public Optional<IssuerResolver> issuerResolver() {
    return issuerResolver;
  }

  /** Whether every token is introspected (true), or only tokens that are not JWTs (false). */
  public boolean introspectsEveryToken() {
    return introspectEveryToken;
  }

  /**
   * Builds {@link ResourceServerConfig}; list setters replace, {@code authorizationServer} appends.
   */
  public static final class Builder {
    private final String resource;
    private final List<AuthServerConfig> authorizationServers = new ArrayList<>();
    private Optional<String> jwksUri = Optional.empty();
    private List<String> scopesSupported = List.of();
    private List<String> bearerMethodsSupported = List.of();
    private List<String> resourceSigningAlgValues = List.of();
    private Optional<String> resourceName = Optional.empty();
    private Optional<String> resourceDocumentation = Optional.empty();
    private Optional<String> resourcePolicyUri = Optional.empty();
    private Optional<String> resourceTosUri = Optional.empty();
    private boolean tlsClientCertificateBoundAccessTokens;
    private List<String> authorizationDetailsTypes = List.of();
    private List<String> dpopSigningAlgValues = List.of();
    private boolean dpopBoundAccessTokensRequired;
    private Optional<String> signedMetadata = Optional.empty();
    private boolean advertiseOfflineAccess;
    private final Map<String, JsonElement> extra = new LinkedHashMap<>();
    private TokenPolicy tokenPolicy = TokenPolicy.defaults();
    private Optional<TokenVerifier> tokenVerifier = Optional.empty();
    private Optional<Introspection> introspection = Optional.empty();
    private boolean introspectEveryToken;
    private Optional<IssuerResolver> issuerResolver = Optional.empty();
    private Optional<String> apiKeyHeader = Optional.empty();
    private Optional<TokenVerifier> apiKeyVerifier = Optional.empty();
    private Optional<String> forwardedCertificateHeader = Optional.empty();
    private final List<String> advertisedIssuers = new ArrayList<>();

    private Builder(String resource) {
      this.resource = Objects.requireNonNull(resource, "resource");
    }

    /** Adds a trusted authorization server; its issuer goes into {@code authorization_servers}. */
    public Builder authorizationServer(AuthServerConfig server) {
      authorizationServers.add(Objects.requireNonNull(server, "server"));
      return this;
    }

    /**
     * {@code jwks_uri}: the resource's own keys (for signed responses), not the authorization
     * server's.
     */
    public Builder jwksUri(String uri) {
      this.jwksUri = Optional.of(uri);
      return this;
    }

    /**
     * {@code scopes_supported}: keep it minimal; MCP clients request all of it when a challenge
     * names none.
     */
    public Builder scopesSupported(String... scopes) {
      this.scopesSupported = copy(scopes);
      return this;
    }

    /** {@code bearer_methods_supported}; default {@code ["header"]}, the only value accepted. */
    public Builder bearerMethodsSupported(String... methods) {
      this.bearerMethodsSupported = copy(methods);
      return this;
    }

    /** {@code resource_signing_alg_values_supported}. */
    public Builder resourceSigningAlgValuesSupported(String... algs) {
      this.resourceSigningAlgValues = copy(algs);
      return this;
    }

    /** {@code resource_name}: a human-readable name. */
    public Builder resourceName(String name) {
      this.resourceName = Optional.of(name);
      return this;
    }

    /** {@code resource_documentation}. */
    public Builder resourceDocumentation(String url) {
      this.resourceDocumentation = Optional.of(url);
      return this;
    }

    /** {@code resource_policy_uri}. */
    public Builder resourcePolicyUri(String url) {
      this.resourcePolicyUri = Optional.of(url);
      return this;
    }

    /** {@code resource_tos_uri}. */
    public Builder resourceTosUri(String url) {
      this.resourceTosUri = Optional.of(url);
      return this;
    }

    /**
     * Accepts RFC 8705 certificate-bound access tokens, and advertises it: {@code
     * tls_client_certificate_bound_access_tokens} in the metadata is exactly this switch. A token
     * whose {@code cnf} has {@code x5t#S256} is then accepted only from a client that presents that
     * certificate (its SHA-256 thumbprint, RFC 8705 §3.1), as the adapter supplies it from the TLS
     * handshake ({@link RequestHeaders#withClientCertificate}) or, only with {@link
     * #forwardedClientCertificateHeader}, from a trusted proxy. Off by default: such tokens are
     * then refused rather than accepted unbound.
     */
    public Builder tlsClientCertificateBoundAccessTokens(boolean value) {
      this.tlsClientCertificateBoundAccessTokens = value;
      return this;
    }

    /**
     * Also reads the client certificate from request header {@code header}, set by a reverse proxy
     * that terminates mutual TLS (a URL-encoded PEM certificate, as nginx's {@code
     * $ssl_client_escaped_cert}, or a base64 DER one). Trust only a proxy that removes this header
     * from every incoming request: anyone who can set it can claim any certificate. Never on by
     * default; needs {@link #tlsClientCertificateBoundAccessTokens}. A certificate from the TLS
     * handshake itself, when the adapter has one, wins.
     */
    public Builder forwardedClientCertificateHeader(String header) {
      Objects.requireNonNull(header, "header");
      if (header.isBlank()
          || header.equalsIgnoreCase("Authorization")
          || header.equalsIgnoreCase("DPoP")) {
        throw new IllegalArgumentException("the forwarded certificate needs a header of its own");
      }
      this.forwardedCertificateHeader = Optional.of(header);
      return this;
    }

    /** {@code authorization_details_types_supported}. */
    public Builder authorizationDetailsTypesSupported(String... types) {
      this.authorizationDetailsTypes = copy(types);
      return this;
    }

    /** {@code dpop_signing_alg_values_supported}. */
    public Builder dpopSigningAlgValuesSupported(String... algs) {
      this.dpopSigningAlgValues = copy(algs);
      return this;
    }

    /** {@code dpop_bound_access_tokens_required}; omitted (false) by default. */
    public Builder dpopBoundAccessTokensRequired(boolean value) {
      this.dpopBoundAccessTokensRequired = value;
      return this;
    }

    /** {@code signed_metadata}, passed through as given. */
    public Builder signedMetadata(String jwt) {
      this.signedMetadata = Optional.of(jwt);
      return this;
    }

    /**
     * Allows {@code offline_access} in {@code scopes_supported}. MCP 2026-07-28 says servers should
     * not advertise it; only do so for a client that cannot work otherwise.
     */
    public Builder advertiseOfflineAccess() {
      this.advertiseOfflineAccess = true;
      return this;
    }

    /**
     * Adds an extension member; it cannot override a standard member set above.
     *
     * @param value a String, Number, Boolean, List or Map of those (rendered as JSON)
     */
    public Builder extraMember(String name, Object value) {
      extra.put(
          Objects.requireNonNull(name, "name"),
          ClaimValues.toJson(Objects.requireNonNull(value, "value")));
      return this;
    }

    /**
     * How this resource accepts tokens (issuers come from {@link #authorizationServer}); defaults
     * to {@link TokenPolicy#defaults()}. With DPoP in the policy and no explicit {@code
     * dpop_signing_alg_values_supported}, the metadata advertises the policy's proof algorithms.
     */
    public Builder tokenPolicy(TokenPolicy policy) {
      this.tokenPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Verifies every token with {@code verifier} instead of the built-in JWT verification
     * (userinfo, a proprietary format). The claims policy, binding and scope checks still run on
     * what it returns.
     */
    public Builder tokenVerifier(TokenVerifier verifier) {
      this.tokenVerifier = Optional.of(Objects.requireNonNull(verifier, "verifier"));
      return this;
    }

    /**
     * Trusts, besides the configured authorization servers, every issuer {@code resolver} accepts
     * (by the token's unverified {@code iss}, before any network access; an issuer it refuses
     * causes no fetch). {@code advertised} issuers are listed in the metadata's {@code
     * authorization_servers}, so MCP clients know where to get tokens.
     */
    public Builder issuerResolver(IssuerResolver resolver, String... advertised) {
      this.issuerResolver = Optional.of(Objects.requireNonNull(resolver, "resolver"));
      for (String issuer : advertised) {
        advertisedIssuers.add(Objects.requireNonNull(issuer, "advertised"));
      }
      return this;
    }

    /**
     * Opt-in: also accepts API keys for machine clients, in request header {@code header} (for
     * example {@code X-API-Key}), checked by {@code verifier}, which returns the caller's identity
     * (its issuer, audience and expiry are yours to choose: the OAuth claims policy does not apply
     * to API keys; scopes and everything after still do). Never weakens the Bearer path: a request
     * carrying both an API key and an {@code Authorization} header is refused (400), and API keys
     * appear in neither the metadata nor any challenge. A wrong key gets the same 401 as no
     * credentials.
     */
    public Builder apiKeys(String header, TokenVerifier verifier) {
      Objects.requireNonNull(header, "header");
      if (header.equalsIgnoreCase("Authorization")
          || header.equalsIgnoreCase("DPoP")
          || header.isBlank()) {
        throw new IllegalArgumentException("API keys need a header of their own, not " + header);
      }
      this.apiKeyHeader = Optional.of(header);
      this.apiKeyVerifier = Optional.of(Objects.requireNonNull(verifier, "verifier"));
      return this;
    }

    /**
     * Introspects every token (RFC 7662): for authorization servers that issue opaque tokens only.
     */
    public Builder introspection(Introspection introspection) {
      this.introspection = Optional.of(Objects.requireNonNull(introspection, "introspection"));
      this.introspectEveryToken = true;
      return this;
    }

    /** Mixed mode: JWTs are verified locally, every other token is introspected (RFC 7662). */
    public Builder introspectOpaqueTokens(Introspection introspection) {
      this.introspection = Optional.of(Objects.requireNonNull(introspection, "introspection"));
      this.introspectEveryToken = false;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws McpAuthConfigException {@code invalid_server_config} naming the problem
     */
    public ResourceServerConfig build() {
      return new ResourceServerConfig(this);
    }

    private static List<String> copy(String[] values) {
      for (String v : values) {
        Objects.requireNonNull(v, "list element");
      }
      return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values)));
    }
  }
}
