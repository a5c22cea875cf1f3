package dev.resilience.internal.repo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.resilience.IntegrityException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON documents of the repository format (before sealing, where they are sealed). All instances share
 * one {@link ObjectMapper}: it is configured once here and never changed afterwards, which makes it safe
 * to share between threads, and building one costs a noticeable part of a short CLI command.
 */
final class Json {
  /**
   * The shared mapper, built when first used: in a holder of its own, so that reading the config and key
   * slots (static methods of this class) does not build it on the way to the key derivation.
   */
  private static final class Shared {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  }

  /**
   * Builds the shared mapper and the readers of the first documents a command reads with it (manifests,
   * the backup's session marker), so that a background thread can pay for it while the caller starts up.
   * Config and key slots need no mapper: see {@link #readConfig} and {@link #readKeySlot}.
   */
  static void prepare() {
    for (Class<?> type : List.of(ManifestDoc.class, SessionDoc.class)) {
      try {
        Shared.MAPPER.readValue("{}", type);
      } catch (IOException e) {
        // only warming up: a real read reports its own errors
      }
    }
  }

  byte[] write(Object value) {
    try {
      return Shared.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  <T> T read(byte[] data, Class<T> type, String what) {
    try {
      return Shared.MAPPER.readValue(data, type);
    } catch (IOException e) {
      throw new IntegrityException(what + ": is not a valid " + type.getSimpleName() + " document");
    }
  }

  ObjectMapper mapper() {
    return Shared.MAPPER;
  }

  /**
   * Streaming parser for the two documents an open reads before it can derive the key (config and key
   * slot): plain jackson-core, so the key derivation need not wait for the object mapper to be built
   * (~0.3 s in a fresh JVM). Same rules as the mapper: unknown fields are ignored, missing ones are null.
   */
  private static final JsonFactory STREAMING = new JsonFactory();

  /** Reads the {@code config} object; {@code version} is -1 where it is missing. */
  static ConfigDoc readConfig(byte[] data, String what) {
    Map<String, Object> f = readFlatObject(data, what, "ConfigDoc");
    return new ConfigDoc(str(f, "format"), integer(f, "version", -1, what), str(f, "id"),
        integer(f, "minChunk", 0, what), integer(f, "avgChunk", 0, what), integer(f, "maxChunk", 0, what),
        str(f, "created"), str(f, "mac"));
  }

  /** Reads a key slot. */
  @SuppressWarnings("unchecked")
  static KeySlotDoc readKeySlot(byte[] data, String what) {
    Map<String, Object> f = readFlatObject(data, what, "KeySlotDoc");
    Object parameters = f.get("parameters");
    if (parameters != null && !(parameters instanceof Map)) {
      throw invalid(what, "KeySlotDoc");
    }
    return new KeySlotDoc(str(f, "kind"), (Map<String, String>) parameters, str(f, "ciphertext"),
        str(f, "created"));
  }

  /** One JSON object whose values are strings, integers, null, or objects of strings. */
  private static Map<String, Object> readFlatObject(byte[] data, String what, String type) {
    Map<String, Object> fields = new HashMap<>();
    try (JsonParser p = STREAMING.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(what, type);
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          throw invalid(what, type);
        }
        String name = p.getCurrentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_STRING) {
          fields.put(name, p.getText());
        } else if (v == JsonToken.VALUE_NUMBER_INT) {
          fields.put(name, p.getLongValue());
        } else if (v == JsonToken.VALUE_NULL) {
          fields.remove(name);
        } else if (v == JsonToken.START_OBJECT) {
          Map<String, String> inner = new LinkedHashMap<>();
          for (JsonToken u = p.nextToken(); u != JsonToken.END_OBJECT; u = p.nextToken()) {
            String key = p.getCurrentName();
            JsonToken iv = p.nextToken();
            if (iv == JsonToken.VALUE_NULL) {
              inner.put(key, null);
            } else if (iv.isScalarValue()) {
              inner.put(key, p.getText());
            } else {
              throw invalid(what, type);
            }
          }
          fields.put(name, inner);
        } else {
          p.skipChildren(); // a field this version does not know (arrays, booleans, ...)
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IntegrityException ie) {
        throw ie;
      }
      throw invalid(what, type);
    }
    return fields;
  }

  private static String str(Map<String, Object> f, String name) {
    Object v = f.get(name);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    return v.toString(); // a number where a string was written: the mapper accepts it too
  }

  private static int integer(Map<String, Object> f, String name, int missing, String what) {
    Object v = f.get(name);
    if (v == null) {
      return missing;
    }
    long n;
    try {
      n = v instanceof Long l ? l : Long.parseLong((String) v);
    } catch (NumberFormatException e) {
      throw new IntegrityException(what + ": field '" + name + "' is not a number");
    }
    if (n != (int) n) {
      throw new IntegrityException(what + ": field '" + name + "' is out of range");
    }
    return (int) n;
  }

  private static IntegrityException invalid(String what, String type) {
    return new IntegrityException(what + ": is not a valid " + type + " document");
  }

  /** The {@code config} object: plaintext, authenticated with an HMAC under the id key. */
  record ConfigDoc(String format, int version, String id, int minChunk, int avgChunk, int maxChunk, String created, String mac) {}

  /** A key slot: the master key wrapped by one key provider. */
  record KeySlotDoc(String kind, Map<String, String> parameters, String ciphertext, String created) {}

  /** A snapshot manifest (sealed). */
  record ManifestDoc(
      int version,
      String parentId,
      String target,
      String tenant,
      String dataset,
      String classification,
      String kind,
      String startedAt,
      String finishedAt,
      String status,
      Map<String, String> tags,
      long entries,
      long files,
      long totalBytes,
      long newBytes,
      long storedBytes,
      long newChunks,
      long reusedChunks,
      String contentDigest,
      Map<String, String> metadata,
      List<String> tree) {}

  /** A running backup's lease marker. */
  record SessionDoc(String kind, String started, String renewed) {}

  /** Packs marked for deletion by one prune run, swept by a later one. */
  record PendingDoc(String marked, List<String> packs) {}
}
