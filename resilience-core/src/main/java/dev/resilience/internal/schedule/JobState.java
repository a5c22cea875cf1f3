package dev.resilience.internal.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.resilience.IntegrityException;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The shared record of a scheduled job, {@code engine/jobs/<job id>.json} in the repository's store: the
 * last occurrence handled (run, or skipped as missed) and the outcome of the last run. Written only
 * under the job's lease, never by an engine whose fencing token is older than the recorded one.
 *
 * @param lastDue the last scheduled time handled (or when the job was first registered)
 */
public record JobState(
    String job, Instant lastDue, Instant lastStarted, Instant lastFinished, Boolean succeeded, String result,
    long token) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String key(String job) {
    return "engine/jobs/" + job + ".json";
  }

  static Optional<JobState> read(ObjectStore store, String job) {
    if (store.stat(key(job)).isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(store.get(key(job)));
      return Optional.of(new JobState(job, instant(n, "lastDue"), instant(n, "lastStarted"), instant(n, "lastFinished"),
          n.hasNonNull("succeeded") ? n.get("succeeded").asBoolean() : null, n.path("result").asText(null),
          n.path("token").asLong()));
    } catch (IOException | RuntimeException e) {
      throw new IntegrityException("malformed job state " + key(job), e);
    }
  }

  /** Records the job the first time any engine sees it, so runs missed later are known. */
  static void initialise(ObjectStore store, String job, Instant now) {
    store.putIfAbsent(key(job), new JobState(job, now, null, null, null, null, 0).encode(), PutOptions.DEFAULT);
  }

  /** Writes this state unless the stored one was written under a newer fencing token; returns whether it was written. */
  boolean writeIfNotFenced(ObjectStore store) {
    Optional<JobState> current = read(store, job);
    if (current.isPresent() && current.get().token > token) {
      return false;
    }
    store.put(key(job), encode());
    return true;
  }

  private byte[] encode() {
    ObjectNode n = JSON.createObjectNode();
    n.put("job", job);
    put(n, "lastDue", lastDue);
    put(n, "lastStarted", lastStarted);
    put(n, "lastFinished", lastFinished);
    if (succeeded != null) {
      n.put("succeeded", succeeded);
    }
    if (result != null) {
      n.put("result", result);
    }
    n.put("token", token);
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void put(ObjectNode n, String field, Instant v) {
    if (v != null) {
      n.put(field, v.toString());
    }
  }

  private static Instant instant(JsonNode n, String field) {
    return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
  }
}
