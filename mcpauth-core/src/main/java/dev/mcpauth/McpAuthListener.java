package dev.mcpauth;

/**
 * Observes decisions and outbound fetches, for metrics and health (Micrometer counters, an Actuator
 * health indicator, logs). Set one with {@link McpAuth.Builder#listener}. Callbacks run on the request
 * (or fetch) thread: keep them cheap and non-blocking. They never receive a token or a subject, so
 * whatever they record is safe to export; an exception thrown by a callback is logged and ignored.
 */
public interface McpAuthListener {

  /** A request to {@code resource} was authorized. */
  default void authorized(String resource) {}

  /** A request to {@code resource} was refused for {@code reason}. */
  default void denied(String resource, DenialReason reason) {}

  /**
   * An authorization server's metadata ({@code source} is its issuer) or a key set ({@code source} is
   * the JWKS URI) was fetched, or the fetch failed (network, status, size or content).
   */
  default void fetched(String source, boolean succeeded) {}
}
