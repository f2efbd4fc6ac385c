package dev.mcpauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a resource checks opaque access tokens with its authorization server's RFC 7662 introspection
 * endpoint (the discovered {@code introspection_endpoint}, or one given here), authenticating as a
 * client. Configure it on the resource with {@link ResourceServerConfig.Builder#introspection}
 * (every token is introspected) or {@link ResourceServerConfig.Builder#introspectOpaqueTokens}
 * (JWTs are verified locally, other tokens introspected). Immutable.
 *
 * <p>Strict: {@code active} must be a JSON boolean; the answer then goes through the resource's
 * claims policy like any other identity (an active token for another resource is refused), and a
 * {@code cnf} in it demands a matching DPoP proof. Active results are remembered until the earlier
 * of the token's {@code exp} and {@link #DEFAULT_CACHE_TTL}; inactive ones for {@link
 * #DEFAULT_NEGATIVE_CACHE_TTL}, so a flood of garbage tokens does not become a flood at the
 * authorization server; both in the deployment's {@link ExpiringCache}, keyed by a hash of the
 * whole token together with the issuer, the endpoint, the client id and the resource (so resources
 * or clients sharing one cache never see each other's answers). Concurrent requests with the same
 * token share one call. An unreachable endpoint is an outage (503), never cached and never
 * "inactive". The endpoint must be https (or http on a loopback host): the client secret travels
 * with every call.
 *
 * <pre>{@code
 * Introspection.builder("https://auth.example.com")
 *     .clientCredentials("mcp-server", secret)
 *     .build();
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662">RFC 7662</a>
 */
public final class Introspection {
  /** Default time an active result is remembered: 30 seconds (a revocation is seen within it). */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);

  /** Default time an inactive result is remembered: 10 seconds. */
  public static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofSeconds(10);

  /** How the resource server authenticates to the introspection endpoint. */
  enum ClientAuthentication {
    /**
     * {@code Authorization: Basic} with form-encoded id and secret (RFC 6749 §2.3.1), the default.
     */
    BASIC,
    /** {@code client_id} and {@code client_secret} form parameters. */
    POST
  }

  private final String issuer;
  private final Optional<String> endpoint;
  private final String clientId;
  private final Optional<String> clientSecret;
  private final ClientAuthentication clientAuthentication;
  private final Duration cacheTtl;
  private final Duration negativeCacheTtl;

  private Introspection(Builder b) {
    this.issuer = b.issuer;
    this.endpoint = b.endpoint;
    this.clientId =
        Objects.requireNonNull(b.clientId, "clientCredentials(...) is required: RFC 7662 §2.1");
    this.clientSecret = b.clientSecret;
    this.clientAuthentication = b.clientAuthentication;
    this.cacheTtl = b.cacheTtl;
    this.negativeCacheTtl = b.negativeCacheTtl;
  }

  /**
   * Starts a builder for tokens of {@code issuer}, one of the resource's trusted authorization
   * servers.
   */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** The authorization server whose endpoint is called. */
  public String issuer() {
    return issuer;
  }

  /** The endpoint given explicitly; empty means the discovered {@code introspection_endpoint}. */
  public Optional<String> endpoint() {
    return endpoint;
  }

  /** The client id. */
  public String clientId() {
    return clientId;
  }

  /** How the client authenticates. */
  ClientAuthentication clientAuthentication() {
    return clientAuthentication;
  }

  /** How long an active result is remembered at most (zero: not at all). */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  /** How long an inactive result is remembered (zero: not at all). */
  public Duration negativeCacheTtl() {
    return negativeCacheTtl;
  }

  Optional<String> clientSecret() {
    return clientSecret;
  }

  /** Redacted: never prints the secret. */
  @Override
  public String toString() {
    return "Introspection{issuer="
        + issuer
        + ", endpoint="
        + endpoint
        + ", clientId="
        + clientId
        + ", clientAuthentication="
        + clientAuthentication
        + "}";
  }

  /** Builds {@link Introspection}. */
  public static final class Builder {
    private final String issuer;
    private Optional<String> endpoint = Optional.empty();
    private String clientId;
    private Optional<String> clientSecret = Optional.empty();
    private ClientAuthentication clientAuthentication = ClientAuthentication.BASIC;
    private Duration cacheTtl = DEFAULT_CACHE_TTL;
    private Duration negativeCacheTtl = DEFAULT_NEGATIVE_CACHE_TTL;

    private Builder(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** The resource server's client credentials at the authorization server (required). */
    public Builder clientCredentials(String clientId, String clientSecret) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Optional.ofNullable(clientSecret);
      return this;
    }

    /**
     * Sends the credentials as {@code client_id} and {@code client_secret} form parameters ({@code
     * client_secret_post}) instead of {@code Authorization: Basic} (the default, RFC 6749 §2.3.1).
     */
    public Builder clientSecretPost() {
      return clientAuthentication(ClientAuthentication.POST);
    }

    /** How to send the credentials (tests). */
    Builder clientAuthentication(ClientAuthentication authentication) {
      this.clientAuthentication = Objects.requireNonNull(authentication, "authentication");
      return this;
    }

    /**
     * Uses this endpoint instead of the discovered {@code introspection_endpoint}.
     *
     * @throws McpAuthConfigException {@code insecure_url} unless https, or http on a loopback host
     */
    public Builder endpoint(String url) {
      Objects.requireNonNull(url, "url");
      if (!SecureUrls.isHttpsOrLoopback(url)) {
        throw new McpAuthConfigException(
            McpAuthConfigException.Code.INSECURE_URL,
            "the introspection endpoint "
                + url
                + " must use https (or http on a loopback host):"
                + " the client secret is sent with every call");
      }
      this.endpoint = Optional.of(url);
      return this;
    }

    /**
     * Remember active results for at most {@code ttl} (bounded by each token's exp); zero turns it
     * off.
     */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = nonNegative(ttl);
      return this;
    }

    /**
     * Remember inactive results for {@code ttl}; zero turns the negative cache off. At most 5
     * minutes.
     */
    public Builder negativeCacheTtl(Duration ttl) {
      if (nonNegative(ttl).compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("the negative cache ttl must be at most 5 minutes");
      }
      this.negativeCacheTtl = ttl;
      return this;
    }

    private static Duration nonNegative(Duration d) {
      Objects.requireNonNull(d, "ttl");
      if (d.isNegative()) {
        throw new IllegalArgumentException("ttl must not be negative");
      }
      return d;
    }

    /** Builds the configuration. */
    public Introspection build() {
      return new Introspection(this);
    }
  }
}
