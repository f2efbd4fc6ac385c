package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A strict JSON reader for untrusted input (token headers and claims, fetched documents).
 *
 * <p>Rejects what lenient parsers silently accept and what lets two readers disagree on the same
 * bytes: invalid UTF-8 (RFC 8725 §3.7), duplicate member names (RFC 7515 §4, RFC 7519 §4), nesting
 * deeper than a fixed bound (no stack overflow), trailing data, and non-standard JSON (comments,
 * single quotes, NaN). Stateless and thread-safe.
 */
final class StrictJson {

  /**
   * Nesting bound for everything this library reads; real tokens and documents nest a few levels.
   */
  static final int MAX_DEPTH = 32;

  /** Why a document was refused; the message names the rule, never the content. */
  static final class JsonRejected extends Exception {
    private static final long serialVersionUID = 1L;

    JsonRejected(String message) {
      super(message, null, false, false);
    }
  }

  private StrictJson() {}

  /** Decodes UTF-8 strictly, then parses; the result must be a JSON object. */
  static JsonObject parseObject(byte[] utf8) throws JsonRejected {
    return parseObject(decodeUtf8(utf8));
  }

  /** Parses text whose top level must be a JSON object. */
  static JsonObject parseObject(String text) throws JsonRejected {
    JsonElement element = parse(text);
    if (!element.isJsonObject()) {
      throw new JsonRejected("not a JSON object");
    }
    return element.getAsJsonObject();
  }

  static String decodeUtf8(byte[] bytes) throws JsonRejected {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new JsonRejected("invalid UTF-8");
    }
  }

  static JsonElement parse(String text) throws JsonRejected {
    return parse(text, MAX_DEPTH);
  }

  /** Parses any JSON value with a nesting bound of {@code maxDepth}. */
  static JsonElement parse(String text, int maxDepth) throws JsonRejected {
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      JsonElement element = read(reader, 0, maxDepth);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonRejected("trailing data after the JSON value");
      }
      return element;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new JsonRejected("malformed JSON");
    }
  }

  private static JsonElement read(JsonReader reader, int depth, int maxDepth)
      throws IOException, JsonRejected {
    if (depth > maxDepth) {
      throw new JsonRejected("JSON nested deeper than " + maxDepth + " levels");
    }
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        {
          JsonObject object = new JsonObject();
          reader.beginObject();
          while (reader.hasNext()) {
            String name = reader.nextName();
            if (object.has(name)) {
              throw new JsonRejected("duplicate member name");
            }
            object.add(name, read(reader, depth + 1, maxDepth));
          }
          reader.endObject();
          return object;
        }
      case BEGIN_ARRAY:
        {
          JsonArray array = new JsonArray();
          reader.beginArray();
          while (reader.hasNext()) {
            array.add(read(reader, depth + 1, maxDepth));
          }
          reader.endArray();
          return array;
        }
      case STRING:
        return new JsonPrimitive(reader.nextString());
      case NUMBER:
        return new JsonPrimitive(new BigDecimal(reader.nextString()));
      case BOOLEAN:
        return new JsonPrimitive(reader.nextBoolean());
      case NULL:
        reader.nextNull();
        return JsonNull.INSTANCE;
      default:
        throw new JsonRejected("malformed JSON");
    }
  }
}
