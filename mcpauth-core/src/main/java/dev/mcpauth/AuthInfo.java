package dev.mcpauth;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: the verified token's identity, handed to the protected handler (the peers' {@code
 * AuthInfo} / {@code mcp_auth.auth_info}). Immutable and thread-safe.
 *
 * <p>{@link #toString()} never prints the token. {@link #token()} exists so a handler can, for
 * example, introspect it; never forward it upstream (MCP forbids token passthrough) and never log
 * it.
 */
public final class AuthInfo {
  /**
   * The one key under which adapters store the caller's identity: servlet request attribute,
   * Javalin context attribute and MCP transport-context entry alike.
   */
  public static final String KEY = "dev.mcpauth.AuthInfo";

  private final String token;
  private final String issuer;
  private final String clientId;
  private final String subject;
  private final List<String> audiences;
  private final List<String> scopes;
  private final Instant expiresAt;
  private final Instant notBefore;
  private final Instant issuedAt;
  private final String resource;
  private final JsonObject jsonClaims;
  private volatile Map<String, Object> claims;

  private AuthInfo(Builder b, String resource, JsonObject jsonClaims, Map<String, Object> claims) {
    this.token = Objects.requireNonNull(b.token, "token");
    this.issuer = Objects.requireNonNull(b.issuer, "issuer");
    this.clientId = b.clientId;
    this.subject = b.subject;
    this.audiences = List.copyOf(b.audiences);
    this.scopes = List.copyOf(b.scopes);
    this.expiresAt = b.expiresAt;
    this.notBefore = b.notBefore;
    this.issuedAt = b.issuedAt;
    this.resource = resource;
    this.jsonClaims = jsonClaims;
    this.claims = claims;
  }

  /** Starts a builder, for custom {@link TokenVerifier}s. */
  public static Builder builder(String token, String issuer) {
    return new Builder(token, issuer);
  }

  /** Built by the JWT verifier: claims stay as parsed JSON and are converted only if asked for. */
  static AuthInfo fromJwt(Builder b, String resource, JsonObject claims) {
    return new AuthInfo(b, resource, claims, null);
  }

  /** This identity, attributed to the resource it was verified for. */
  AuthInfo forResource(String resourceValue) {
    if (resourceValue.equals(resource)) {
      return this;
    }
    Builder b = new Builder(token, issuer);
    b.clientId = clientId;
    b.subject = subject;
    b.audiences = audiences;
    b.scopes = scopes;
    b.expiresAt = expiresAt;
    b.notBefore = notBefore;
    b.issuedAt = issuedAt;
    return new AuthInfo(b, resourceValue, jsonClaims, claims);
  }

  /**
   * The access token as presented. Never log it and never forward it to another service: to call
   * another API as this caller, exchange it for a token for that API with {@link TokenExchange}.
   */
  public String token() {
    return token;
  }

  /** {@code iss}: the authorization server that issued the token. */
  public String issuer() {
    return issuer;
  }

  /** {@code client_id}, else {@code azp}: the OAuth client acting for the subject. */
  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  /** {@code sub}: the user (or, for client credentials, the client) the token stands for. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** {@code aud}, as a list (a single string audience is a one-element list). */
  public List<String> audiences() {
    return audiences;
  }

  /** The granted scopes, in token order. */
  public List<String> scopes() {
    return scopes;
  }

  /** Whether the exact scope was granted (no hierarchy applied; the verifier applies it). */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** {@code exp}, when the token has one (a JWT always has). */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** {@code nbf}, when the token has one. */
  public Optional<Instant> notBefore() {
    return Optional.ofNullable(notBefore);
  }

  /** {@code iat}, when the token has one. */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(issuedAt);
  }

  /**
   * The resource identifier this request was authorized for; empty only before verification
   * finishes.
   */
  public Optional<String> resource() {
    return Optional.ofNullable(resource);
  }

  /** Every claim as plain Java values (see the class comment of the accessors); never null. */
  public Map<String, Object> claims() {
    Map<String, Object> c = claims;
    if (c == null) {
      c = jsonClaims == null ? Map.of() : ClaimValues.toMap(jsonClaims);
      claims = c;
    }
    return c;
  }

  /** One claim as a plain Java value; empty when absent or JSON null. */
  public Optional<Object> claim(String name) {
    return Optional.ofNullable(claims().get(name));
  }

  /** One claim if it is a string; empty when absent or of another type. */
  public Optional<String> stringClaim(String name) {
    Object v = claims().get(name);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /**
   * The authentication context class the user signed in with ({@code acr}, OpenID Connect Core §2;
   * RFC 9470); empty when absent.
   */
  public Optional<String> acr() {
    return stringClaim("acr");
  }

  /**
   * The authentication methods used ({@code amr}, RFC 8176: {@code pwd}, {@code otp}, {@code hwk},
   * ...); empty when absent. A single string is read as a list of one.
   */
  public List<String> amr() {
    Object v = claims().get("amr");
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }

  /** When the user last authenticated ({@code auth_time}, RFC 9470); empty when absent. */
  public Optional<Instant> authTime() {
    Object v = claims().get("auth_time");
    if (v instanceof Number n) {
      try {
        long seconds =
            new java.math.BigDecimal(n.toString())
                .setScale(0, java.math.RoundingMode.FLOOR)
                .longValueExact();
        return Optional.of(Instant.ofEpochSecond(seconds));
      } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The {@code cnf} (confirmation) claim of a sender-constrained token (RFC 7800), if present. */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> confirmation() {
    if (jsonClaims != null && !jsonClaims.has("cnf")) {
      return Optional.empty(); // the common case, without converting every claim
    }
    Object v = claims().get("cnf");
    return v instanceof Map ? Optional.of((Map<String, Object>) v) : Optional.empty();
  }

  /** Redacted: prints who, never the token. */
  @Override
  public String toString() {
    return "AuthInfo{issuer="
        + issuer
        + ", subject="
        + subject
        + ", clientId="
        + clientId
        + ", scopes="
        + scopes
        + ", audiences="
        + audiences
        + ", resource="
        + resource
        + ", expiresAt="
        + expiresAt
        + ", token=<redacted>}";
  }

  /** Builds an {@link AuthInfo} in a custom {@link TokenVerifier}. */
  public static final class Builder {
    private final String token;
    private final String issuer;
    private String clientId;
    private String subject;
    private Collection<String> audiences = List.of();
    private Collection<String> scopes = List.of();
    private Instant expiresAt;
    private Instant notBefore;
    private Instant issuedAt;
    private Map<String, Object> claims = Map.of();

    private Builder(String token, String issuer) {
      this.token = Objects.requireNonNull(token, "token");
      this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** Sets the client id. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** Sets the subject. */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** Sets the audiences; the resource's audience check runs on them. */
    public Builder audiences(Collection<String> audiences) {
      this.audiences = new ArrayList<>(audiences);
      return this;
    }

    /** Sets the granted scopes. */
    public Builder scopes(Collection<String> scopes) {
      this.scopes = new ArrayList<>(scopes);
      return this;
    }

    /** Sets the expiry; the claims policy refuses identities without one. */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** Sets {@code nbf}; the claims policy refuses identities not valid yet. */
    public Builder notBefore(Instant notBefore) {
      this.notBefore = notBefore;
      return this;
    }

    /** Sets {@code iat}; the claims policy refuses identities issued in the future. */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /**
     * Sets the full claims (copied; values should be plain Java values as described on {@link
     * AuthInfo#claims()}).
     */
    public Builder claims(Map<String, Object> claims) {
      this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
      return this;
    }

    /** Builds the identity (its resource is filled in by the verifier). */
    public AuthInfo build() {
      return new AuthInfo(this, null, null, claims);
    }
  }
}
