package dev.mcpauth.testing;

import dev.mcpauth.AuthServerMetadata;

/** Small helpers to turn JSON text into model values in tests. */
public final class AuthServerConfigFixtures {
  private AuthServerConfigFixtures() {}

  public static AuthServerMetadata parse(String json) {
    return AuthServerMetadata.parse(json);
  }
}
