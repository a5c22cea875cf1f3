package dev.resilience.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.resilience.Snapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON output for {@code --json}: snake_case keys as restic prints them, one document per line. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static Map<String, Object> snapshot(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("short_id", s.shortId());
    m.put("time", s.startedAt().toString());
    m.put("finished", s.finishedAt().toString());
    m.put("parent", s.parentId());
    m.put("target", s.target());
    m.put("tenant", s.tenant());
    m.put("dataset", s.dataset());
    m.put("classification", s.classification() == null ? null : s.classification().toString());
    m.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("tags", s.tags());
    m.put("content_digest", s.contentDigest());
    m.put("metadata", s.metadata());
    m.put("summary", stats(s));
    return m;
  }

  static Map<String, Object> stats(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total_entries", s.stats().entries());
    m.put("total_files", s.stats().files());
    m.put("total_bytes", s.stats().totalBytes());
    m.put("data_added", s.stats().newBytes());
    m.put("data_stored", s.stats().storedBytes());
    m.put("new_chunks", s.stats().newChunks());
    m.put("reused_chunks", s.stats().reusedChunks());
    m.put("duration_seconds", s.duration().toMillis() / 1000.0);
    return m;
  }
}
