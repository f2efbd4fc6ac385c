package dev.mcpauth.spring;

import dev.mcpauth.DenialReason;
import dev.mcpauth.McpAuthListener;
import java.util.List;

/**
 * Several {@link McpAuthListener} beans as the one listener an {@code McpAuth} takes, in bean
 * order.
 */
final class ListenerGroup implements McpAuthListener {
  private final List<McpAuthListener> listeners;

  ListenerGroup(List<McpAuthListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void authorized(String resource) {
    listeners.forEach(l -> l.authorized(resource));
  }

  @Override
  public void denied(String resource, DenialReason reason) {
    listeners.forEach(l -> l.denied(resource, reason));
  }

  @Override
  public void fetched(String source, boolean succeeded) {
    listeners.forEach(l -> l.fetched(source, succeeded));
  }
}
