package dev.mcpauth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Protected Resource Metadata document of one resource, as served (RFC 9728 §3.2): snake_case
 * members, {@code resource} byte-identical to the configured identifier, {@code
 * authorization_servers} the exact issuer strings, and no member with a zero value. Immutable.
 */
final class ProtectedResourceMetadata {
  private final JsonObject json;
  private final String serialized;

  ProtectedResourceMetadata(JsonObject json) {
    this.json = json;
    this.serialized = json.toString();
  }

  /** The {@code resource} member. */
  public String resource() {
    return json.get("resource").getAsString();
  }

  /** The {@code authorization_servers} member; empty when none is configured. */
  public List<String> authorizationServers() {
    return strings("authorization_servers");
  }

  /** The {@code scopes_supported} member; empty when not configured. */
  public List<String> scopesSupported() {
    return strings("scopes_supported");
  }

  private List<String> strings(String name) {
    JsonElement e = json.get(name);
    if (e == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    e.getAsJsonArray().forEach(v -> out.add(v.getAsString()));
    return Collections.unmodifiableList(out);
  }

  /** The document as JSON text, exactly as written to the wire. */
  public String toJson() {
    return serialized;
  }

  @Override
  public String toString() {
    return serialized;
  }
}
