package dev.mcpauth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An insertion-ordered, unmodifiable copy of response headers ({@code Map.copyOf} loses the order).
 */
final class OrderedHeaders {
  private OrderedHeaders() {}

  static Map<String, String> copyOf(Map<String, String> headers) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
