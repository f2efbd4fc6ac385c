package dev.mcpauth.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The clients this server knows: those registered dynamically (RFC 7591), those named by a client
 * metadata document URL ({@link ClientMetadataDocuments}), and any other client id, accepted as if
 * pre-registered (this server checks no secret) with any redirect URI. Thread-safe.
 */
final class ClientRegistry {
  /** How a client came to be known. */
  enum Kind {
    /** Registered through the registration endpoint (RFC 7591). */
    REGISTERED,
    /** Its client id is the URL of its metadata document. */
    METADATA_DOCUMENT,
    /** Any other client id: treated as pre-registered, redirect URIs unchecked. */
    UNREGISTERED
  }

  /**
   * A client as the authorization endpoint checks it.
   *
   * @param redirectUris empty for an {@link Kind#UNREGISTERED} client (any is accepted)
   */
  record Client(String id, Kind kind, List<String> redirectUris) {
    /** Whether PKCE is required: for every client registered one way or another (OAuth 2.1). */
    boolean needsPkce() {
      return kind != Kind.UNREGISTERED;
    }
  }

  /** Clients registered at most; the oldest are forgotten first. */
  private static final int MAX_CLIENTS = 10_000;

  private static final Set<String> AUTH_METHODS =
      Set.of("none", "client_secret_basic", "client_secret_post");
  private static final Set<String> GRANT_TYPES =
      Set.of("authorization_code", "refresh_token", "client_credentials");

  private final Clock clock;
  private final ClientMetadataDocuments documents;
  private final Map<String, Client> registered =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
              return size() > MAX_CLIENTS;
            }
          });

  ClientRegistry(Clock clock, ClientMetadataDocuments documents) {
    this.clock = clock;
    this.documents = documents;
  }

  /**
   * The client with this id; a metadata document URL is fetched and checked.
   *
   * @throws OAuthProblem {@code invalid_client} for an unusable metadata document
   */
  Client resolve(String clientId) {
    Client known = registered.get(clientId);
    if (known != null) {
      return known;
    }
    if (ClientMetadataDocuments.isUrl(clientId)) {
      return new Client(clientId, Kind.METADATA_DOCUMENT, documents.redirectUris(clientId));
    }
    return new Client(clientId, Kind.UNREGISTERED, List.of());
  }

  /**
   * Registers a client (RFC 7591 §3.1) and answers its client information (§3.2.1): the metadata as
   * accepted, {@code client_id}, and a {@code client_secret} unless it authenticates with {@code
   * none}.
   *
   * @throws OAuthProblem {@code invalid_redirect_uri} or {@code invalid_client_metadata} (§3.2.2)
   */
  JsonObject register(JsonObject metadata) {
    List<String> grantTypes = strings(metadata, "grant_types", List.of("authorization_code"));
    for (String g : grantTypes) {
      if (!GRANT_TYPES.contains(g)) {
        throw metadataProblem(
            "grant_types may hold " + String.join(", ", GRANT_TYPES) + ", not " + g);
      }
    }
    for (String r : strings(metadata, "response_types", List.of("code"))) {
      if (!r.equals("code")) {
        throw metadataProblem("response_types may only hold code, not " + r);
      }
    }
    String method = string(metadata, "token_endpoint_auth_method").orElse("client_secret_basic");
    if (!AUTH_METHODS.contains(method)) {
      throw metadataProblem(
          "token_endpoint_auth_method must be one of " + String.join(", ", AUTH_METHODS));
    }
    List<String> redirectUris = strings(metadata, "redirect_uris", List.of());
    if (redirectUris.isEmpty() && grantTypes.contains("authorization_code")) {
      throw redirectProblem("redirect_uris is required for the authorization_code grant");
    }
    for (String uri : redirectUris) {
      String problem = RedirectUris.problem(uri);
      if (problem != null) {
        throw redirectProblem("the redirect URI " + uri + " " + problem);
      }
    }
    String id = Grants.randomHandle();
    registered.put(id, new Client(id, Kind.REGISTERED, redirectUris));
    JsonObject information = metadata.deepCopy();
    information.addProperty("client_id", id);
    information.addProperty("client_id_issued_at", clock.millis() / 1000);
    information.addProperty("token_endpoint_auth_method", method);
    JsonArray grants = new JsonArray();
    grantTypes.forEach(grants::add);
    information.add("grant_types", grants);
    information.remove("client_secret");
    if (!method.equals("none")) {
      information.addProperty("client_secret", Grants.randomHandle());
      information.addProperty("client_secret_expires_at", 0);
    }
    return information;
  }

  private static Optional<String> string(JsonObject metadata, String name) {
    JsonElement value = metadata.get(name);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw metadataProblem(name + " must be a string");
    }
    return Optional.of(value.getAsString());
  }

  private static List<String> strings(JsonObject metadata, String name, List<String> absent) {
    JsonElement value = metadata.get(name);
    if (value == null || value.isJsonNull()) {
      return absent;
    }
    if (!value.isJsonArray()) {
      throw metadataProblem(name + " must be an array of strings");
    }
    List<String> strings = new ArrayList<>();
    for (JsonElement e : value.getAsJsonArray()) {
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw metadataProblem(name + " must be an array of strings");
      }
      strings.add(e.getAsString());
    }
    return strings;
  }

  private static OAuthProblem metadataProblem(String description) {
    return new OAuthProblem(400, "invalid_client_metadata", description);
  }

  private static OAuthProblem redirectProblem(String description) {
    return new OAuthProblem(400, "invalid_redirect_uri", description);
  }
}
