package dev.mcpauth;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what the MCP gate needs from a JSON-RPC body with a streaming scan, never a tree of the
 * whole body: per message its {@code id}, {@code method}, {@code params.name} and {@code
 * params.uri}. Everything else is skipped token by token. Strict: the text must be valid UTF-8 JSON
 * (no trailing data, nesting at most {@link #MAX_DEPTH}); a duplicate member in a message or its
 * params, or a {@code method}, {@code name} or {@code uri} that is present but not a string, makes
 * the body unreadable (the server might read it differently). Stateless.
 */
final class JsonRpcScan {
  static final int MAX_DEPTH = 64;

  /** The id of a message that has none, as JSON text. */
  static final String NO_ID = "null";

  /**
   * One message: its id as JSON text ({@value #NO_ID} when absent), method (null for responses),
   * name or uri.
   */
  record Call(String id, String method, String name, Map<String, String> arguments) {
    Call(String id, String method, String name) {
      this(id, method, name, Map.of());
    }
  }

  /**
   * The scan of a body: its calls, whether it was a batch, or why it is unreadable, and the first
   * message's id as JSON text (for the error answer).
   */
  record Result(List<Call> calls, boolean batch, Optional<String> unreadable, String firstId) {}

  private JsonRpcScan() {}

  static Result scan(String text) {
    String firstId = NO_ID;
    List<Call> calls = new ArrayList<>();
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      boolean batch = reader.peek() == JsonToken.BEGIN_ARRAY;
      if (batch) {
        reader.beginArray();
        while (reader.hasNext()) {
          Call call = message(reader);
          calls.add(call);
        }
        reader.endArray();
        if (calls.isEmpty()) {
          return new Result(List.of(), true, Optional.of("an empty batch"), firstId);
        }
      } else {
        calls.add(message(reader));
      }
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        return new Result(List.of(), batch, Optional.of("data after the JSON value"), firstId);
      }
      return new Result(calls, batch, Optional.empty(), calls.get(0).id());
    } catch (Unreadable e) {
      return new Result(
          List.of(),
          false,
          Optional.of(e.getMessage()),
          calls.isEmpty() ? e.id.toString() : calls.get(0).id());
    } catch (IOException | RuntimeException e) {
      return new Result(
          List.of(),
          false,
          Optional.of("not valid JSON"),
          calls.isEmpty() ? firstId : calls.get(0).id());
    }
  }

  /** A message that is readable JSON but not a message the gate can judge. */
  private static final class Unreadable extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient JsonElement id;

    Unreadable(String message, JsonElement id) {
      super(message);
      this.id = id;
    }
  }

  private static Call message(JsonReader reader) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      skip(reader, 1);
      throw new Unreadable("a JSON-RPC message must be an object", JsonNull.INSTANCE);
    }
    reader.beginObject();
    Set<String> seen = new HashSet<>();
    JsonElement id = JsonNull.INSTANCE;
    String method = null;
    boolean methodPresent = false;
    boolean version = false;
    boolean resultOrError = false;
    String[] nameAndUri = {null, null};
    Map<String, String> arguments = new LinkedHashMap<>();
    while (reader.hasNext()) {
      String key = reader.nextName();
      if (!seen.add(key)) {
        throw new Unreadable("duplicate member \"" + key + "\"", id);
      }
      switch (key) {
        case "id" -> id = scalar(reader);
        case "jsonrpc" -> {
          version = reader.peek() == JsonToken.STRING && reader.nextString().equals("2.0");
          if (!version) {
            throw new Unreadable("jsonrpc must be \"2.0\"", id);
          }
        }
        case "result", "error" -> {
          resultOrError = true;
          skip(reader, 1);
        }
        case "method" -> {
          methodPresent = true;
          method = reader.peek() == JsonToken.STRING ? reader.nextString() : null;
          if (method == null) {
            throw new Unreadable("method must be a string", id);
          }
        }
        case "params" -> params(reader, nameAndUri, arguments, id);
        default -> skip(reader, 1);
      }
    }
    reader.endObject();
    if (!version) {
      throw new Unreadable("not a JSON-RPC 2.0 message", id);
    }
    if (!methodPresent) {
      if (!resultOrError || id.isJsonNull()) {
        throw new Unreadable("a message needs a method, or a result or error with an id", id);
      }
      return new Call(id.toString(), null, null);
    }
    String name = method.startsWith("resources/") ? nameAndUri[1] : nameAndUri[0];
    return new Call(
        id.toString(),
        method,
        name,
        arguments.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(arguments));
  }

  private static void params(
      JsonReader reader, String[] nameAndUri, Map<String, String> arguments, JsonElement id)
      throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      // MCP params are always an object: anything else the server could not read is refused here,
      // with
      // the request's id, rather than left to fail inside the transport.
      throw new Unreadable("params must be an object", id);
    }
    reader.beginObject();
    Set<String> seen = new HashSet<>();
    while (reader.hasNext()) {
      String key = reader.nextName();
      if (!seen.add(key)) {
        throw new Unreadable("duplicate member \"params." + key + "\"", id);
      }
      if (key.equals("arguments")) {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
          throw new Unreadable("params.arguments must be an object", id);
        }
        arguments(reader, arguments, id);
        continue;
      }
      int slot = key.equals("name") ? 0 : key.equals("uri") ? 1 : -1;
      if (slot < 0) {
        skip(reader, 2);
        continue;
      }
      if (reader.peek() != JsonToken.STRING) {
        throw new Unreadable("params." + key + " must be a string", id);
      }
      nameAndUri[slot] = reader.nextString();
    }
    reader.endObject();
  }

  /**
   * The top-level scalar members of {@code params.arguments}, as text (numbers canonical); objects
   * and arrays are skipped, nulls left out. A duplicate member makes the body unreadable: the rules
   * that read an argument and the server must see the same value.
   */
  private static void arguments(JsonReader reader, Map<String, String> arguments, JsonElement id)
      throws IOException {
    reader.beginObject();
    Set<String> seen = new HashSet<>();
    while (reader.hasNext()) {
      String key = reader.nextName();
      if (!seen.add(key)) {
        throw new Unreadable("duplicate member \"params.arguments." + key + "\"", id);
      }
      switch (reader.peek()) {
        case STRING -> arguments.put(key, reader.nextString());
        case NUMBER -> arguments.put(key, canonicalNumber(reader.nextString()));
        case BOOLEAN -> arguments.put(key, Boolean.toString(reader.nextBoolean()));
        case NULL -> reader.nextNull();
        default -> skip(reader, 3);
      }
    }
    reader.endObject();
  }

  /**
   * A JSON number in one spelling per value: {@code 2}, {@code 2.0}, {@code 2e0} and {@code 20e-1}
   * all give {@code 2}, {@code -0} gives {@code 0}; numbers too large or too precise to spell out
   * (more than 64 digits either way) stay as written.
   */
  static String canonicalNumber(String literal) {
    if (literal.length() > 64) {
      return literal;
    }
    try {
      BigDecimal value = new BigDecimal(literal).stripTrailingZeros();
      if (value.signum() == 0) {
        return "0";
      }
      if (value.scale() < -64 || value.scale() > 64 || value.precision() > 64) {
        return literal;
      }
      return value.toPlainString();
    } catch (NumberFormatException e) {
      return literal;
    }
  }

  /** An id: a string, a number or null, kept as JSON to echo back; anything else is skipped. */
  private static JsonElement scalar(JsonReader reader) throws IOException {
    JsonToken t = reader.peek();
    if (t == JsonToken.STRING || t == JsonToken.NUMBER) {
      return JsonParser.parseReader(reader);
    }
    if (t == JsonToken.BEGIN_OBJECT || t == JsonToken.BEGIN_ARRAY) {
      skip(reader, 1);
      throw new Unreadable("id must be a string or a number", JsonNull.INSTANCE);
    }
    skip(reader, 1);
    return JsonNull.INSTANCE;
  }

  /**
   * Skips one value, refusing nesting deeper than {@link #MAX_DEPTH} (counting from {@code depth}).
   */
  private static void skip(JsonReader reader, int depth) throws IOException {
    JsonToken t = reader.peek();
    if (t == JsonToken.BEGIN_OBJECT || t == JsonToken.BEGIN_ARRAY) {
      if (depth + 1 > MAX_DEPTH) {
        throw new Unreadable("nesting deeper than " + MAX_DEPTH, JsonNull.INSTANCE);
      }
      boolean object = t == JsonToken.BEGIN_OBJECT;
      if (object) {
        reader.beginObject();
      } else {
        reader.beginArray();
      }
      while (reader.hasNext()) {
        if (object) {
          reader.nextName();
        }
        skip(reader, depth + 1);
      }
      if (object) {
        reader.endObject();
      } else {
        reader.endArray();
      }
      return;
    }
    reader.skipValue();
  }
}
