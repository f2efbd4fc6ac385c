package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorization server metadata (RFC 8414 §2, plus the OpenID Connect Discovery members in common
 * use).
 *
 * <p>An immutable view over the JSON document as published: members are kept in their snake_case
 * wire names, and members this class does not model are preserved, not dropped, so the document can
 * be re-served unchanged. {@link #parse(String)} checks the required members ({@code issuer},
 * {@code authorization_endpoint}, {@code token_endpoint}, {@code response_types_supported}, as the
 * peers do) and the JSON type of every known member.
 *
 * <p>Build one by hand with {@link #builder(String)} when the provider's metadata is known in
 * advance, or fetch it with {@link AuthServerDiscovery}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8414#section-2">RFC 8414 §2</a>
 */
public final class AuthServerMetadata {

  private enum Kind {
    STRING,
    STRINGS,
    BOOLEAN,
    OBJECT
  }

  /** Known members and their JSON types; anything else is kept as-is without a type check. */
  private static final Map<String, Kind> KNOWN =
      Map.ofEntries(
          Map.entry("issuer", Kind.STRING),
          Map.entry("authorization_endpoint", Kind.STRING),
          Map.entry("token_endpoint", Kind.STRING),
          Map.entry("jwks_uri", Kind.STRING),
          Map.entry("registration_endpoint", Kind.STRING),
          Map.entry("scopes_supported", Kind.STRINGS),
          Map.entry("response_types_supported", Kind.STRINGS),
          Map.entry("response_modes_supported", Kind.STRINGS),
          Map.entry("grant_types_supported", Kind.STRINGS),
          Map.entry("token_endpoint_auth_methods_supported", Kind.STRINGS),
          Map.entry("token_endpoint_auth_signing_alg_values_supported", Kind.STRINGS),
          Map.entry("service_documentation", Kind.STRING),
          Map.entry("ui_locales_supported", Kind.STRINGS),
          Map.entry("op_policy_uri", Kind.STRING),
          Map.entry("op_tos_uri", Kind.STRING),
          Map.entry("revocation_endpoint", Kind.STRING),
          Map.entry("revocation_endpoint_auth_methods_supported", Kind.STRINGS),
          Map.entry("revocation_endpoint_auth_signing_alg_values_supported", Kind.STRINGS),
          Map.entry("introspection_endpoint", Kind.STRING),
          Map.entry("introspection_endpoint_auth_methods_supported", Kind.STRINGS),
          Map.entry("introspection_endpoint_auth_signing_alg_values_supported", Kind.STRINGS),
          Map.entry("code_challenge_methods_supported", Kind.STRINGS),
          Map.entry("signed_metadata", Kind.STRING),
          Map.entry("pushed_authorization_request_endpoint", Kind.STRING),
          Map.entry("require_pushed_authorization_requests", Kind.BOOLEAN),
          Map.entry("dpop_signing_alg_values_supported", Kind.STRINGS),
          Map.entry("authorization_response_iss_parameter_supported", Kind.BOOLEAN),
          Map.entry("client_id_metadata_document_supported", Kind.BOOLEAN),
          Map.entry("tls_client_certificate_bound_access_tokens", Kind.BOOLEAN),
          Map.entry("mtls_endpoint_aliases", Kind.OBJECT),
          Map.entry("userinfo_endpoint", Kind.STRING),
          Map.entry("end_session_endpoint", Kind.STRING),
          Map.entry("subject_types_supported", Kind.STRINGS),
          Map.entry("id_token_signing_alg_values_supported", Kind.STRINGS),
          Map.entry("claims_supported", Kind.STRINGS),
          Map.entry("acr_values_supported", Kind.STRINGS));

  private static final List<String> REQUIRED =
      List.of("issuer", "authorization_endpoint", "token_endpoint", "response_types_supported");

  private final JsonObject json;

  /** Read on every verification: looked up once. */
  private final Optional<String> jwksUri;

  private AuthServerMetadata(JsonObject json) {
    this.json = json;
    this.jwksUri = string("jwks_uri");
  }

  /**
   * Reads metadata from its JSON text (RFC 8414 / OpenID Connect Discovery), unknown members kept.
   *
   * @throws McpAuthConfigException with {@link McpAuthConfigException.Code#INVALID_SERVER_METADATA}
   *     when the text is not one JSON object, or a required member is missing or mistyped
   */
  public static AuthServerMetadata parse(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return fromJson(StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    } catch (StrictJson.JsonRejected e) {
      throw invalid("the document is not a JSON object: " + e.getMessage());
    }
  }

  /**
   * Reads metadata from its parsed JSON form.
   *
   * @throws McpAuthConfigException with {@link McpAuthConfigException.Code#INVALID_SERVER_METADATA}
   *     naming the missing or mistyped member; fix the document or transform it with a {@code
   *     transpileData} hook
   */
  static AuthServerMetadata fromJson(JsonObject json) {
    Objects.requireNonNull(json, "json");
    for (String name : REQUIRED) {
      if (!json.has(name) || json.get(name).isJsonNull()) {
        throw invalid("required member \"" + name + "\" is missing");
      }
    }
    for (Map.Entry<String, JsonElement> member : json.entrySet()) {
      Kind kind = KNOWN.get(member.getKey());
      if (kind != null && !member.getValue().isJsonNull() && !hasKind(member.getValue(), kind)) {
        throw invalid("member \"" + member.getKey() + "\" must be " + describe(kind));
      }
    }
    return new AuthServerMetadata(json.deepCopy());
  }

  /**
   * Starts a builder for metadata of the given issuer (the exact string tokens carry in {@code
   * iss}).
   */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  private static McpAuthConfigException invalid(String message) {
    return new McpAuthConfigException(McpAuthConfigException.Code.INVALID_SERVER_METADATA, message);
  }

  private static boolean hasKind(JsonElement value, Kind kind) {
    switch (kind) {
      case STRING:
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
      case BOOLEAN:
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean();
      case OBJECT:
        return value.isJsonObject();
      default:
        if (!value.isJsonArray()) {
          return false;
        }
        for (JsonElement e : value.getAsJsonArray()) {
          if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            return false;
          }
        }
        return true;
    }
  }

  private static String describe(Kind kind) {
    switch (kind) {
      case STRING:
        return "a string";
      case BOOLEAN:
        return "a boolean";
      case OBJECT:
        return "an object";
      default:
        return "an array of strings";
    }
  }

  /** The issuer identifier, exactly as published. */
  public String issuer() {
    return json.get("issuer").getAsString();
  }

  /** {@code authorization_endpoint}. */
  public Optional<String> authorizationEndpoint() {
    return string("authorization_endpoint");
  }

  /** {@code token_endpoint}. */
  public Optional<String> tokenEndpoint() {
    return string("token_endpoint");
  }

  /** {@code jwks_uri}: where the server's signing keys are published. */
  public Optional<String> jwksUri() {
    return jwksUri;
  }

  /** {@code registration_endpoint} (RFC 7591 dynamic client registration). */
  public Optional<String> registrationEndpoint() {
    return string("registration_endpoint");
  }

  /** {@code introspection_endpoint} (RFC 7662). */
  public Optional<String> introspectionEndpoint() {
    return string("introspection_endpoint");
  }

  /** {@code userinfo_endpoint} (OpenID Connect). */
  public Optional<String> userinfoEndpoint() {
    return string("userinfo_endpoint");
  }

  /** {@code scopes_supported}; empty when absent. */
  public List<String> scopesSupported() {
    return strings("scopes_supported");
  }

  /** {@code response_types_supported}. */
  public List<String> responseTypesSupported() {
    return strings("response_types_supported");
  }

  /**
   * {@code grant_types_supported} as published; empty when absent (RFC 8414 then implies the
   * default).
   */
  public List<String> grantTypesSupported() {
    return strings("grant_types_supported");
  }

  /** {@code code_challenge_methods_supported}; empty when absent. */
  public List<String> codeChallengeMethodsSupported() {
    return strings("code_challenge_methods_supported");
  }

  /** Whether the member {@code code_challenge_methods_supported} is present at all. */
  boolean hasCodeChallengeMethods() {
    return json.has("code_challenge_methods_supported")
        && !json.get("code_challenge_methods_supported").isJsonNull();
  }

  /** Whether {@code grant_types_supported} is present at all. */
  boolean hasGrantTypes() {
    return json.has("grant_types_supported") && !json.get("grant_types_supported").isJsonNull();
  }

  /** {@code client_id_metadata_document_supported}: whether clients may use a URL as client id. */
  public boolean clientIdMetadataDocumentSupported() {
    return bool("client_id_metadata_document_supported").orElse(false);
  }

  /** A string member by wire name; empty when absent or not a string. */
  public Optional<String> string(String name) {
    JsonElement e = json.get(name);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      return Optional.empty();
    }
    return Optional.of(e.getAsString());
  }

  /** An array-of-strings member by wire name; empty when absent. */
  public List<String> strings(String name) {
    JsonElement e = json.get(name);
    if (e == null || !e.isJsonArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonElement item : e.getAsJsonArray()) {
      if (item.isJsonPrimitive() && item.getAsJsonPrimitive().isString()) {
        out.add(item.getAsString());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** A boolean member by wire name; empty when absent or not a boolean. */
  public Optional<Boolean> bool(String name) {
    JsonElement e = json.get(name);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      return Optional.empty();
    }
    return Optional.of(e.getAsBoolean());
  }

  /**
   * Any member by wire name, including ones this class does not model, as a plain Java value
   * (String, Boolean, Long or BigDecimal, List, Map); empty when absent or JSON null.
   */
  public Optional<Object> member(String name) {
    return Optional.ofNullable(ClaimValues.toJava(json.get(name)));
  }

  /** The whole document as JSON text, unknown members included. */
  public String toJson() {
    return json.toString();
  }

  /** The whole document as parsed JSON (a defensive copy). */
  JsonObject json() {
    return json.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthServerMetadata && ((AuthServerMetadata) o).json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "AuthServerMetadata{issuer=" + issuer() + "}";
  }

  /** Whether this server can serve MCP clients: errors and warnings ({@link Validation}). */
  public Validation validate() {
    return Validation.of(this);
  }

  /** {@link #validate()}; with {@code verbose}, passed checks are listed as successes too. */
  public Validation validate(boolean verbose) {
    return Validation.of(this, verbose);
  }

  /**
   * Whether an authorization server can serve MCP clients (the peers' {@code
   * validateServerConfig}): {@code code} response type, {@code authorization_code} grant, PKCE with
   * {@code S256}, dynamic client registration or Client ID Metadata Documents, a {@code jwks_uri},
   * https URLs.
   *
   * <pre>{@code
   * AuthServerMetadata.Validation check = metadata.validate(true);
   * if (!check.isValid()) { System.err.println(check.errors()); }
   * }</pre>
   *
   * @param errors findings that make the server unusable for MCP clients
   * @param warnings limitations worth reporting
   * @param successes passed checks, filled only in verbose mode
   */
  public record Validation(
      List<Validation.Issue> errors,
      List<Validation.Issue> warnings,
      List<Validation.Issue> successes) {
    /** Copies the lists so the result is immutable. */
    public Validation {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
      successes = List.copyOf(successes);
    }

    /** Validates {@code metadata}, reporting errors and warnings. */
    public static Validation of(AuthServerMetadata metadata) {
      return AuthServerValidator.validate(metadata, false);
    }

    /**
     * Validates {@code metadata}; with {@code verbose}, passed checks are listed as successes too.
     */
    public static Validation of(AuthServerMetadata metadata, boolean verbose) {
      return AuthServerValidator.validate(metadata, verbose);
    }

    /** True when there are no errors (warnings do not count). */
    public boolean isValid() {
      return errors.isEmpty();
    }

    /**
     * One finding: a code and a description specific to this finding.
     *
     * @param code the stable code, with its severity
     * @param description what was found, for people
     */
    public record Issue(Code code, String description) {
      /** Checks that both parts are present. */
      public Issue {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
      }

      static Issue of(Code code) {
        return new Issue(code, code.description());
      }

      @Override
      public String toString() {
        return code.code() + ": " + description;
      }
    }

    /**
     * Every result the validation can report, with its severity and a one-line explanation. The
     * codes shared with the npm and Python peers keep their spelling; the ones marked "ours" are
     * checks neither peer makes.
     */
    public enum Code {
      /** The metadata parsed and has the required members. */
      SERVER_METADATA_VALID(
          Severity.SUCCESS, "server_metadata_valid", "The server metadata is well-formed."),
      /** Some {@code response_types_supported} entry contains {@code code}. */
      CODE_RESPONSE_TYPE_SUPPORTED(
          Severity.SUCCESS,
          "code_response_type_supported",
          "The server supports the \"code\" response type."),
      /** No {@code response_types_supported} entry contains {@code code}. */
      CODE_RESPONSE_TYPE_NOT_SUPPORTED(
          Severity.ERROR,
          "code_response_type_not_supported",
          "The server does not support the \"code\" response type that MCP clients use."),
      /**
       * {@code authorization_code} is a supported grant (explicitly or by the RFC 8414 default).
       */
      AUTHORIZATION_CODE_GRANT_SUPPORTED(
          Severity.SUCCESS,
          "authorization_code_grant_supported",
          "The server supports the authorization_code grant."),
      /** {@code authorization_code} is not a supported grant. */
      AUTHORIZATION_CODE_GRANT_NOT_SUPPORTED(
          Severity.ERROR,
          "authorization_code_grant_not_supported",
          "The server does not support the authorization_code grant."),
      /** {@code code_challenge_methods_supported} is present. */
      PKCE_SUPPORTED(Severity.SUCCESS, "pkce_supported", "The server supports PKCE."),
      /**
       * {@code code_challenge_methods_supported} is absent: MCP clients refuse servers without
       * PKCE.
       */
      PKCE_NOT_SUPPORTED(
          Severity.ERROR,
          "pkce_not_supported",
          "The server does not advertise PKCE (code_challenge_methods_supported is missing)."),
      /** {@code S256} is an advertised PKCE method. */
      S256_CODE_CHALLENGE_METHOD_SUPPORTED(
          Severity.SUCCESS,
          "s256_code_challenge_method_supported",
          "The server supports the S256 code challenge method."),
      /** PKCE is advertised without {@code S256}. */
      S256_CODE_CHALLENGE_METHOD_NOT_SUPPORTED(
          Severity.ERROR,
          "s256_code_challenge_method_not_supported",
          "The server does not support the S256 code challenge method."),
      /** A {@code registration_endpoint} is published (RFC 7591). */
      DYNAMIC_REGISTRATION_SUPPORTED(
          Severity.SUCCESS,
          "dynamic_registration_supported",
          "The server supports dynamic client registration."),
      /** No {@code registration_endpoint}: MCP clients must be registered by hand (or use CIMD). */
      DYNAMIC_REGISTRATION_NOT_SUPPORTED(
          Severity.WARNING,
          "dynamic_registration_not_supported",
          "The server does not support dynamic client registration; clients must be pre-registered."),
      /** Ours: the server accepts Client ID Metadata Documents, so no DCR warning is needed. */
      CLIENT_ID_METADATA_DOCUMENT_SUPPORTED(
          Severity.SUCCESS,
          "client_id_metadata_document_supported",
          "The server accepts Client ID Metadata Documents (URL client ids)."),
      /** Ours: a {@code jwks_uri} is published, so JWT access tokens can be verified. */
      JWKS_URI_PRESENT(
          Severity.SUCCESS,
          "jwks_uri_present",
          "The server publishes its signing keys (jwks_uri)."),
      /** Ours, caught at configuration time instead of per request: no {@code jwks_uri}. */
      MISSING_JWKS_URI(
          Severity.ERROR,
          "missing_jwks_uri",
          "The server publishes no jwks_uri, so JWT access tokens from it cannot be verified."),
      /**
       * Ours: the issuer or an endpoint the resource server calls is not https (loopback excepted).
       */
      INSECURE_URL(
          Severity.ERROR,
          "insecure_url",
          "The issuer and jwks_uri must use https (http is accepted only for loopback hosts).");

      /** How much a result matters. */
      enum Severity {
        /** The server cannot serve MCP clients as configured. */
        ERROR,
        /** The server works, with a limitation worth knowing. */
        WARNING,
        /** A check passed (reported in verbose mode only). */
        SUCCESS
      }

      private final Severity severity;
      private final String code;
      private final String description;

      Code(Severity severity, String code, String description) {
        this.severity = severity;
        this.code = code;
        this.description = description;
      }

      /** Error, warning or success. */
      Severity severity() {
        return severity;
      }

      /** The snake_case code. */
      public String code() {
        return code;
      }

      /** A one-line explanation for people. */
      public String description() {
        return description;
      }
    }
  }

  /**
   * Builds metadata by hand. Setters take wire values; {@link #build()} applies the same checks as
   * {@link AuthServerMetadata#parse(String)}.
   */
  public static final class Builder {
    private final JsonObject json = new JsonObject();

    private Builder(String issuer) {
      json.addProperty("issuer", Objects.requireNonNull(issuer, "issuer"));
    }

    /** Sets {@code authorization_endpoint}. */
    public Builder authorizationEndpoint(String url) {
      return string("authorization_endpoint", url);
    }

    /** Sets {@code token_endpoint}. */
    public Builder tokenEndpoint(String url) {
      return string("token_endpoint", url);
    }

    /** Sets {@code jwks_uri}. */
    public Builder jwksUri(String url) {
      return string("jwks_uri", url);
    }

    /** Sets {@code registration_endpoint}. */
    public Builder registrationEndpoint(String url) {
      return string("registration_endpoint", url);
    }

    /** Sets {@code introspection_endpoint}. */
    public Builder introspectionEndpoint(String url) {
      return string("introspection_endpoint", url);
    }

    /** Sets {@code userinfo_endpoint}. */
    public Builder userinfoEndpoint(String url) {
      return string("userinfo_endpoint", url);
    }

    /** Sets {@code response_types_supported}. */
    public Builder responseTypesSupported(String... values) {
      return strings("response_types_supported", values);
    }

    /** Sets {@code grant_types_supported}. */
    public Builder grantTypesSupported(String... values) {
      return strings("grant_types_supported", values);
    }

    /** Sets {@code code_challenge_methods_supported}. */
    public Builder codeChallengeMethodsSupported(String... values) {
      return strings("code_challenge_methods_supported", values);
    }

    /** Sets {@code scopes_supported}. */
    public Builder scopesSupported(String... values) {
      return strings("scopes_supported", values);
    }

    /** Sets any string member by wire name. */
    public Builder string(String name, String value) {
      json.addProperty(name, Objects.requireNonNull(value, name));
      return this;
    }

    /** Sets any array-of-strings member by wire name. */
    public Builder strings(String name, String... values) {
      JsonArray array = new JsonArray();
      for (String v : values) {
        array.add(Objects.requireNonNull(v, name));
      }
      json.add(name, array);
      return this;
    }

    /**
     * Sets any member by wire name, unknown ones included: a String, Number, Boolean, List or Map.
     */
    public Builder member(String name, Object value) {
      json.add(name, ClaimValues.toJson(Objects.requireNonNull(value, name)));
      return this;
    }

    /** Sets any boolean member by wire name. */
    public Builder bool(String name, boolean value) {
      json.add(name, new JsonPrimitive(value));
      return this;
    }

    /**
     * Builds the metadata.
     *
     * @throws McpAuthConfigException {@link McpAuthConfigException.Code#INVALID_SERVER_METADATA}
     *     when a required member is missing
     */
    public AuthServerMetadata build() {
      return fromJson(json);
    }
  }
}
