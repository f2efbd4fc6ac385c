package dev.mcpauth.examples.docs;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.McpAuth;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.redis.RedisStores;
import java.time.Duration;

/** The code blocks of docs/deployment.md, compiled (see {@code Snippets}). */
@SuppressWarnings("unused")
final class DeploymentSnippets {
  private DeploymentSnippets() {}

  static McpAuth redisStores(
      String redisPassword, byte[] currentNonceSecret, byte[] previousNonceSecret) {
    // tag::redis-stores[]
    RedisStores redis =
        RedisStores.builder("rediss://:" + redisPassword + "@redis.internal:6380")
            .commandTimeout(
                Duration.ofMillis(250)) // the default: past it, 503 (or, for the cache, a miss)
            .keyPrefix("notes-mcp:prod:") // one prefix per application and environment
            .connect(); // close it when the application stops

    McpAuth mcpAuth =
        McpAuth.builder()
            .sharedStore(redis) // DPoP proof jtis, MCP session owners, introspection results
            .protectedResource(
                ResourceServerConfig.builder("https://mcp.example.com/mcp")
                    .authorizationServer(
                        AuthServerConfig.discover(
                            "https://auth.example.com", AuthServerConfig.Type.OIDC))
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .dpop(
                                DpopSettings.builder()
                                    .replayCheck()
                                    .nonces()
                                    .nonceSecrets(
                                        currentNonceSecret,
                                        previousNonceSecret) // the same on every instance
                                    .build())
                            .build())
                    .build())
            .build();
    // end::redis-stores[]
    return mcpAuth;
  }
}
