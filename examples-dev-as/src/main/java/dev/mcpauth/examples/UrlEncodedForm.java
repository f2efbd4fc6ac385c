package dev.mcpauth.examples;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An {@code application/x-www-form-urlencoded} token request body, parsed strictly: a malformed
 * percent-escape and a parameter sent twice (RFC 6749 §3.2) are the client's mistakes, answered
 * 400.
 */
final class UrlEncodedForm {
  private final Map<String, List<String>> values;

  private UrlEncodedForm(Map<String, List<String>> values) {
    this.values = values;
  }

  /**
   * Parses {@code body} (null is empty).
   *
   * @throws OAuthProblem {@code invalid_request} for a malformed escape
   */
  static UrlEncodedForm parse(String body) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String pair : (body == null ? "" : body).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        values
            .computeIfAbsent(
                URLDecoder.decode(name, StandardCharsets.UTF_8), n -> new ArrayList<>())
            .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw OAuthProblem.invalidRequest("the form body has a malformed percent-escape");
      }
    }
    return new UrlEncodedForm(values);
  }

  /**
   * The value of a parameter sent at most once; empty when absent or blank.
   *
   * @throws OAuthProblem {@code invalid_request} when it is sent more than once
   */
  Optional<String> single(String name) {
    List<String> all = values.getOrDefault(name, List.of());
    if (all.size() > 1) {
      throw OAuthProblem.invalidRequest(name + " is sent more than once");
    }
    return all.stream().filter(v -> !v.isBlank()).findFirst();
  }

  /** Every value of a repeatable parameter (RFC 8707 {@code resource}). */
  List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  /** Removes a parameter, returning its last value. */
  Optional<String> remove(String name) {
    List<String> removed = values.remove(name);
    return removed == null || removed.isEmpty()
        ? Optional.empty()
        : Optional.of(removed.get(removed.size() - 1));
  }

  /** Sets a parameter to one value. */
  void put(String name, String value) {
    values.put(name, new ArrayList<>(List.of(value)));
  }

  /** Whether a parameter is present. */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The form encoded again. */
  String encode() {
    return values.entrySet().stream()
        .flatMap(
            e ->
                e.getValue().stream()
                    .map(
                        v ->
                            URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                + "="
                                + URLEncoder.encode(v, StandardCharsets.UTF_8)))
        .collect(Collectors.joining("&"));
  }
}
