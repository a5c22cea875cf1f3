package dev.resilience.internal.drill;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.resilience.DrillResult;
import dev.resilience.IntegrityException;
import dev.resilience.spi.ObjectStore;
import java.io.IOException;
import java.util.Optional;

/** The last drill of each dataset, {@code engine/drills/<tenant>/<dataset>.json}, shared by every engine. */
public final class DrillRecords {
  private final ObjectStore store;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public DrillRecords(ObjectStore store) {
    this.store = store;
  }

  public void save(DrillResult result) {
    try {
      store.put(key(result.dataset()), json.writeValueAsBytes(result));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise drill result", e);
    }
  }

  public Optional<DrillResult> last(String dataset) {
    String key = key(dataset);
    if (store.stat(key).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(store.get(key), DrillResult.class));
    } catch (IOException e) {
      throw new IntegrityException("malformed drill record " + key, e);
    }
  }

  private static String key(String dataset) {
    return "engine/drills/" + dataset + ".json";
  }
}
