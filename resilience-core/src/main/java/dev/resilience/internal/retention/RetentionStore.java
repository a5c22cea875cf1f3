package dev.resilience.internal.retention;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.resilience.DatasetPolicy;
import dev.resilience.IntegrityException;
import dev.resilience.LegalHold;
import dev.resilience.NotFoundException;
import dev.resilience.PolicyDocument;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Retention state kept next to the repository's data, as small JSON objects in its object store so that
 * every engine sharing the repository sees it: {@code holds/<id>.json} (legal holds),
 * {@code annotations/<snapshot id>.json} (tier, WORM lock end) and {@code policies/<tenant>/<dataset>.json}
 * (the last accepted policy, against which WORM changes are checked). Not secret; not encrypted.
 */
public final class RetentionStore {
  private final ObjectStore store;
  private final ObjectMapper json = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public RetentionStore(ObjectStore store) {
    this.store = store;
  }

  /** Places a hold; a hold with the same id must not exist. */
  public void placeHold(LegalHold hold) {
    if (!store.putIfAbsent(holdKey(hold.id()), write(hold), dev.resilience.spi.PutOptions.DEFAULT)) {
      throw new IllegalStateException("a legal hold with id '" + hold.id() + "' already exists");
    }
  }

  /** Releases a hold; returns it. */
  public LegalHold releaseHold(String id) {
    LegalHold h = hold(id).orElseThrow(() -> new NotFoundException("no legal hold '" + id + "'"));
    store.delete(holdKey(id));
    return h;
  }

  public Optional<LegalHold> hold(String id) {
    if (store.stat(holdKey(id)).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(read(store.get(holdKey(id)), LegalHold.class, holdKey(id)));
  }

  public List<LegalHold> holds() {
    List<LegalHold> out = new ArrayList<>();
    for (ObjectInfo o : store.list("holds/")) {
      out.add(read(store.get(o.key()), LegalHold.class, o.key()));
    }
    return out;
  }

  public Map<String, SnapshotAnnotation> annotations() {
    Map<String, SnapshotAnnotation> out = new TreeMap<>();
    for (ObjectInfo o : store.list("annotations/")) {
      SnapshotAnnotation a = read(store.get(o.key()), SnapshotAnnotation.class, o.key());
      out.put(a.snapshotId(), a);
    }
    return out;
  }

  public SnapshotAnnotation annotation(String snapshotId) {
    String key = "annotations/" + snapshotId + ".json";
    if (store.stat(key).isEmpty()) {
      return SnapshotAnnotation.hot(snapshotId);
    }
    return read(store.get(key), SnapshotAnnotation.class, key);
  }

  public void putAnnotation(SnapshotAnnotation a) {
    store.put("annotations/" + a.snapshotId() + ".json", write(a));
  }

  public void deleteAnnotation(String snapshotId) {
    store.delete("annotations/" + snapshotId + ".json");
  }

  /** The last accepted policy of a dataset, if one was recorded. */
  public Optional<DatasetPolicy> acceptedPolicy(String tenant, String dataset) {
    String key = policyKey(tenant, dataset);
    if (store.stat(key).isEmpty()) {
      return Optional.empty();
    }
    return PolicyDocument.parse(new String(store.get(key), java.nio.charset.StandardCharsets.UTF_8)).datasets().stream()
        .findFirst();
  }

  public void acceptPolicy(DatasetPolicy policy) {
    String doc = PolicyDocument.of(List.of(policy)).toJson();
    store.put(policyKey(policy.tenant(), policy.dataset()), doc.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String holdKey(String id) {
    return "holds/" + id + ".json";
  }

  private static String policyKey(String tenant, String dataset) {
    return "policies/" + tenant + "/" + dataset + ".json";
  }

  private byte[] write(Object o) {
    try {
      return json.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), e);
    }
  }

  private <T> T read(byte[] data, Class<T> type, String key) {
    try {
      return json.readValue(data, type);
    } catch (IOException e) {
      throw new IntegrityException("malformed " + key + ": " + e.getMessage(), e);
    }
  }
}
