package dev.mcpauth.spring.actuate;

import dev.mcpauth.DenialReason;
import dev.mcpauth.spring.McpAuthRefusalListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts refusals in Micrometer as {@code mcpauth.refusals}, tagged {@code reason} (the core's
 * {@link DenialReason}, lower case) and {@code resource} (the resource identifier). Never tagged by
 * token, subject or client: those are unbounded and personal. A refusal because the authorization
 * server could not be reached counts as {@code reason=unavailable}.
 */
public final class McpAuthMetrics implements McpAuthRefusalListener {
  /** The counter's name. */
  public static final String REFUSALS = "mcpauth.refusals";

  private final ObjectProvider<MeterRegistry> registry;

  /** Counts into the application's registry, resolved when the first refusal happens. */
  public McpAuthMetrics(ObjectProvider<MeterRegistry> registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void refused(String resource, DenialReason reason) {
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
}
