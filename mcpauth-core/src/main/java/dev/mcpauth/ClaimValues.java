package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts parsed JSON claims into plain immutable Java values: objects become {@code Map<String, Object>},
 * arrays {@code List<Object>}, strings {@code String}, booleans {@code Boolean}, integral numbers that fit
 * {@code Long}, other numbers {@code BigDecimal}, and JSON null {@code null}.
 */
final class ClaimValues {
  private ClaimValues() {}

  static Map<String, Object> toMap(JsonObject object) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : object.entrySet()) {
      out.put(e.getKey(), toJava(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  static Object toJava(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      return toMap(e.getAsJsonObject());
    }
    if (e.isJsonArray()) {
      JsonArray array = e.getAsJsonArray();
      List<Object> out = new ArrayList<>(array.size());
      array.forEach(item -> out.add(toJava(item)));
      return Collections.unmodifiableList(out);
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      BigDecimal d = p.getAsBigDecimal();
      try {
        return d.longValueExact();
      } catch (ArithmeticException notAnIntegralLong) {
        return d;
      }
    }
    return p.getAsString();
  }

  /** A deep, mutable copy of a JSON object as plain Java values (for transpileData hooks to edit). */
  static Map<String, Object> toMutableMap(JsonObject object) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : object.entrySet()) {
      out.put(e.getKey(), toMutable(e.getValue()));
    }
    return out;
  }

  private static Object toMutable(JsonElement e) {
    if (e != null && e.isJsonObject()) {
      return toMutableMap(e.getAsJsonObject());
    }
    if (e != null && e.isJsonArray()) {
      List<Object> out = new ArrayList<>();
      e.getAsJsonArray().forEach(item -> out.add(toMutable(item)));
      return out;
    }
    return toJava(e);
  }

  /** The reverse: a plain Java value (String, Number, Boolean, List, Map with String keys, null) as JSON. */
  static JsonElement toJson(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof String s) {
      return new JsonPrimitive(s);
    }
    if (value instanceof Number n) {
      return new JsonPrimitive(n);
    }
    if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(toJson(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
      return object;
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName()
        + " (use String, Number, Boolean, List or Map)");
  }
}
