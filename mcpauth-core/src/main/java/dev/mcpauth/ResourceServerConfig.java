package dev.mcpauth;

import java.util.Objects;

/**
 * One protected resource to configure on {@link MCPAuth} (the peers' {@code ResourceServerConfig}).
 *
 * @param metadata the resource's metadata and trusted authorization servers
 */
public record ResourceServerConfig(ResourceServerMetadata metadata) {
  /** Checks the metadata is present. */
  public ResourceServerConfig {
    Objects.requireNonNull(metadata, "metadata");
  }

  /** Wraps metadata into a configuration. */
  public static ResourceServerConfig of(ResourceServerMetadata metadata) {
    return new ResourceServerConfig(metadata);
  }
}
