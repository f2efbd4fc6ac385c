package dev.mcpauth.spring.actuate;

import dev.mcpauth.DenialReason;
import dev.mcpauth.McpAuthListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The core's decisions and fetches as Micrometer counters: {@code mcpauth.refusals} tagged {@code
 * reason} (the core's {@link DenialReason}, lower case) and {@code resource}; {@code
 * mcpauth.authorized} tagged {@code resource}; {@code mcpauth.fetches} tagged {@code source} (an
 * authorization server's issuer or a JWKS URI, both configured or discovered, so few) and {@code
 * outcome} ({@code success} or {@code failure}). Never tagged by token, subject or client: those
 * are unbounded and personal.
 */
public final class McpAuthMetrics implements McpAuthListener {
  /** Refused requests. */
  public static final String REFUSALS = "mcpauth.refusals";

  /** Authorized requests. */
  public static final String AUTHORIZED = "mcpauth.authorized";

  /** Metadata and key set fetches. */
  public static final String FETCHES = "mcpauth.fetches";

  private final ObjectProvider<MeterRegistry> registry;

  /** Counts into the application's registry, resolved at the first event. */
  public McpAuthMetrics(ObjectProvider<MeterRegistry> registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void authorized(String resource) {
    MeterRegistry meters = registry.getIfAvailable();
    if (meters != null) {
      Counter.builder(AUTHORIZED)
          .description("Requests authorized by MCP Auth")
          .tag("resource", resource)
          .register(meters)
          .increment();
    }
  }

  @Override
  public void denied(String resource, DenialReason reason) {
    MeterRegistry meters = registry.getIfAvailable();
    if (meters != null) {
      Counter.builder(REFUSALS)
          .description("Requests refused by MCP Auth")
          .tag("reason", reason.name().toLowerCase(Locale.ROOT))
          .tag("resource", resource)
          .register(meters)
          .increment();
    }
  }

  @Override
  public void fetched(String source, boolean succeeded) {
    MeterRegistry meters = registry.getIfAvailable();
    if (meters != null) {
      Counter.builder(FETCHES)
          .description("Authorization server metadata and key set fetches by MCP Auth")
          .tag("source", source)
          .tag("outcome", succeeded ? "success" : "failure")
          .register(meters)
          .increment();
    }
  }
}
