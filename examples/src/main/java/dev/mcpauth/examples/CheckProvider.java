package dev.mcpauth.examples;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.McpAuthConfigException;
import java.io.PrintStream;

/**
 * "Test your provider" as a command: fetches an authorization server's metadata the way the library
 * does, validates it verbosely, and prints every finding with its code. Exit status 0 only when the
 * provider can serve MCP clients.
 */
public final class CheckProvider {
  private CheckProvider() {}

  /**
   * Runs the check.
   *
   * @param issuer the issuer identifier
   * @param type {@code oidc}, {@code oauth} or {@code auto}
   * @return the exit status: 0 usable, 1 not usable, 2 the metadata could not be fetched
   */
  public static int run(String issuer, String type, PrintStream out) {
    out.println("Checking " + issuer + " (" + type + " discovery)");
    AuthServerConfig.Resolved resolved;
    try {
      resolved =
          type.equals("auto")
              ? AuthServerConfig.fetch(issuer)
              : AuthServerConfig.fetch(
                  issuer,
                  type.equals("oauth") ? AuthServerConfig.Type.OAUTH : AuthServerConfig.Type.OIDC);
    } catch (McpAuthConfigException e) {
      out.println("  ERROR   " + e.getMessage()); // the message starts with the code
      out.println("Result: the metadata could not be obtained.");
      return 2;
    }
    AuthServerMetadata m = resolved.metadata();
    out.println("  found " + resolved.type().wireName() + " metadata; issuer matches exactly");
    AuthServerMetadata.Validation result = m.validate(true);
    for (AuthServerMetadata.Validation.Issue i : result.successes()) {
      out.println("  OK      " + i);
    }
    for (AuthServerMetadata.Validation.Issue i : result.warnings()) {
      out.println("  WARNING " + i);
    }
    for (AuthServerMetadata.Validation.Issue i : result.errors()) {
      out.println("  ERROR   " + i);
    }
    out.println("Details:");
    out.println("  dynamic client registration: " + m.registrationEndpoint().orElse("no"));
    out.println(
        "  client id metadata documents: "
            + (m.clientIdMetadataDocumentSupported() ? "yes" : "no"));
    out.println(
        "  PKCE S256: " + (m.codeChallengeMethodsSupported().contains("S256") ? "yes" : "no"));
    out.println(
        "  RFC 8707 resource indicators: not advertised in metadata (RFC 8707 defines no metadata"
            + " member); check that tokens carry your resource in aud");
    out.println("  jwks_uri: " + m.jwksUri().orElse("none"));
    out.println(
        result.isValid()
            ? "Result: this provider can serve MCP clients."
            : "Result: this provider cannot serve MCP clients as configured.");
    return result.isValid() ? 0 : 1;
  }
}
