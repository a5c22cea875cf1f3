package dev.resilience.evidence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an evidence record is about. Any part may be {@code null} (a key rotation has no dataset).
 *
 * @param tenant owning tenant
 * @param dataset dataset name in the host application's policy
 * @param snapshot snapshot id
 */
public record EvidenceSubject(String tenant, String dataset, String snapshot) {
  /** A subject with no tenant, dataset or snapshot. */
  public static final EvidenceSubject NONE = new EvidenceSubject(null, null, null);

  public static EvidenceSubject of(String tenant, String dataset, String snapshot) {
    return new EvidenceSubject(tenant, dataset, snapshot);
  }

  public static EvidenceSubject dataset(String tenant, String dataset) {
    return new EvidenceSubject(tenant, dataset, null);
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant", tenant);
    m.put("dataset", dataset);
    m.put("snapshot", snapshot);
    return m;
  }

  static EvidenceSubject fromJson(Object o) {
    if (o == null) {
      return NONE;
    }
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("subject is not an object");
    }
    return new EvidenceSubject(str(m.get("tenant")), str(m.get("dataset")), str(m.get("snapshot")));
  }

  private static String str(Object o) {
    if (o != null && !(o instanceof String)) {
      throw new IllegalArgumentException("subject fields must be strings");
    }
    return (String) o;
  }
}
