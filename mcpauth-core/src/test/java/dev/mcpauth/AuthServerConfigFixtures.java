package dev.mcpauth;

import com.google.gson.JsonParser;

/** Small helpers to turn JSON text into model values in tests. */
public final class AuthServerConfigFixtures {
  private AuthServerConfigFixtures() {}

  public static AuthServerMetadata parse(String json) {
    return AuthServerMetadata.fromJson(JsonParser.parseString(json).getAsJsonObject());
  }
}
