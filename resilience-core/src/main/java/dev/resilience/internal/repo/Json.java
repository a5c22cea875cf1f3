package dev.resilience.internal.repo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.resilience.IntegrityException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * JSON documents of the repository format (before sealing, where they are sealed). All instances share
 * one {@link ObjectMapper}: it is configured once here and never changed afterwards, which makes it safe
 * to share between threads, and building one costs a noticeable part of a short CLI command.
 */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /**
   * Builds the shared mapper and the readers of the documents an open needs first (config, key slot,
   * manifest), so that a background thread can pay for it while the caller starts up.
   */
  static void prepare() {
    for (Class<?> type : List.of(ConfigDoc.class, KeySlotDoc.class, ManifestDoc.class, SessionDoc.class)) {
      try {
        MAPPER.readValue("{}", type);
      } catch (IOException e) {
        // only warming up: a real read reports its own errors
      }
    }
  }

  byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  <T> T read(byte[] data, Class<T> type, String what) {
    try {
      return MAPPER.readValue(data, type);
    } catch (IOException e) {
      throw new IntegrityException(what + ": is not a valid " + type.getSimpleName() + " document");
    }
  }

  ObjectMapper mapper() {
    return MAPPER;
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

  /** One entry of a snapshot's tree (a line of the serialized entry list; {@link Trees} streams it). */
  record TreeRecord(
      String p, String t, long s, String m, Integer o, String l, String d, Map<String, String> a, List<String> c) {}

  /** A running backup's lease marker. */
  record SessionDoc(String kind, String started, String renewed) {}

  /** Packs marked for deletion by one prune run, swept by a later one. */
  record PendingDoc(String marked, List<String> packs) {}
}
