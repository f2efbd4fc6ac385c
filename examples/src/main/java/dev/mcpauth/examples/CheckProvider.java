package dev.mcpauth.examples;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.McpAuthConfigException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * "Test your provider" as a command: fetches an authorization server's metadata the way the library
 * does, validates it verbosely, and prints every finding with its code. Exit status 0 only when the
 * provider can serve MCP clients; the result line also says whether MCP clients with their default
 * settings can use it (they register themselves) or only pre-registered ones.
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
        !result.isValid()
            ? "Result: this provider cannot serve MCP clients as configured."
            : registersClients(m)
                ? "Result: this provider can serve MCP clients, with their default settings: they"
                    + " register themselves ("
                    + String.join(" and ", registrationWays(m))
                    + ")."
                : "Result: this provider can serve MCP clients, but only pre-registered ones: it"
                    + " offers neither dynamic client registration nor client ID metadata documents,"
                    + " so each client needs a client id registered there and configured in it (with"
                    + " their default settings MCP clients stop at \"does not support dynamic client"
                    + " registration\").");
    return result.isValid() ? 0 : 1;
  }

  /**
   * Whether an MCP client with default settings can get a client id by itself: RFC 7591 dynamic
   * registration, or a client ID metadata document (its URL is its client id).
   */
  static boolean registersClients(AuthServerMetadata m) {
    return !registrationWays(m).isEmpty();
  }

  private static List<String> registrationWays(AuthServerMetadata m) {
    List<String> ways = new ArrayList<>();
    if (m.registrationEndpoint().isPresent()) {
      ways.add("dynamic client registration");
    }
    if (m.clientIdMetadataDocumentSupported()) {
      ways.add("client ID metadata documents");
    }
    return ways;
  }
}
