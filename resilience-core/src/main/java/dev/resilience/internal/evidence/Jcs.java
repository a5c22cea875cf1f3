package dev.resilience.internal.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Canonicalization Scheme (RFC 8785) for the JSON values evidence uses: objects, arrays, strings,
 * integers in the I-JSON safe range (|n| &le; 2<sup>53</sup>&minus;1), booleans and null. Floating-point
 * numbers are refused rather than formatted, so every number serializes as plain decimal digits exactly as
 * ECMAScript's {@code Number.prototype.toString} would.
 *
 * <p>Java values: {@link Map} (string keys), {@link List}, {@link String}, {@link Long}/{@link Integer}/
 * {@link Short}/{@link Byte}/{@link BigInteger}, {@link Boolean}, {@code null}. Object members are sorted
 * by their keys as UTF-16 code unit sequences ({@link String#compareTo}); strings are escaped as
 * {@code JSON.stringify} does; lone surrogates are refused (I-JSON).
 */
public final class Jcs {
  /** Largest integer JCS can represent exactly (2^53 - 1). */
  public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Jcs() {}

  /** Canonical JSON text of {@code value}. */
  public static String canonicalize(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** UTF-8 bytes of the canonical JSON text of {@code value}. */
  public static byte[] canonicalBytes(Object value) {
    return canonicalize(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses JSON text into plain Java values (objects as insertion-ordered maps, integers as {@link Long}).
   *
   * @throws IllegalArgumentException if the text is not JSON, has duplicate keys, floating-point or
   *     out-of-range numbers
   */
  public static Object parse(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("not valid JSON: empty");
    }
    return toJava(node);
  }

  /** Parses a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String json) {
    Object v = parse(json);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return (Map<String, Object>) v;
  }

  /** Whether {@code json} is already in canonical form (parses and re-serializes to the same text). */
  public static boolean isCanonical(String json) {
    try {
      return canonicalize(parse(json)).equals(json);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Checks that {@code value} is made only of the types JCS accepts here and returns a deep immutable
   * copy (maps sorted by key).
   */
  public static Object immutableCopy(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      if (value instanceof String s) {
        checkWellFormed(s);
      }
      return value;
    }
    if (isInteger(value)) {
      return toSafeLong(value);
    }
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> copy = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings: " + e.getKey());
        }
        checkWellFormed(key);
        copy.put(key, immutableCopy(e.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object o : list) {
        copy.add(immutableCopy(o));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException("unsupported JSON value type " + value.getClass().getName()
        + " (allowed: string, integer, boolean, null, map, list; no floating point)");
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue() ? "true" : "false");
    } else if (value instanceof String s) {
      writeString(s, out);
    } else if (isInteger(value)) {
      out.append(toSafeLong(value));
    } else if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings: " + e.getKey());
        }
        sorted.put(key, e.getValue());
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("unsupported JSON value type " + value.getClass().getName()
          + " (allowed: string, integer, boolean, null, map, list; no floating point)");
    }
  }

  private static boolean isInteger(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger;
  }

  private static long toSafeLong(Object v) {
    BigInteger big = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    if (big.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0) {
      throw new IllegalArgumentException("integer " + big + " is outside the I-JSON safe range +-(2^53-1)");
    }
    return big.longValue();
  }

  private static void writeString(String s, StringBuilder out) {
    checkWellFormed(s);
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void checkWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException("string contains a lone surrogate at index " + i);
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("string contains a lone surrogate at index " + i);
      }
    }
  }

  private static Object toJava(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode child : node) {
        list.add(toJava(child));
      }
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return toSafeLong(node.bigIntegerValue());
    }
    if (node.isNumber()) {
      throw new IllegalArgumentException("floating-point number " + node.asText() + " not allowed (integers only)");
    }
    throw new IllegalArgumentException("unsupported JSON node " + node.getNodeType());
  }
}
