package dev.resilience.evidence;

import dev.resilience.internal.evidence.Jcs;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the controls report expects of one dataset (in the spirit of AWS Backup Audit Manager's
 * controls). An unset objective makes its control "not applicable".
 *
 * @param tenant tenant the dataset belongs to, or {@code null} to match any tenant
 * @param dataset dataset name (matches the records' subject dataset)
 * @param backupFrequency longest allowed time without a successful backup, or {@code null}
 * @param minRetention minimum age before a snapshot may be deleted, or {@code null}
 * @param encryptionRequired every backup must be encrypted
 * @param crossRegionCopyRequired every backup must have a copy in another region
 * @param rto recovery time objective the last drill must meet, or {@code null}
 * @param wormRequired every backup must be stored write-once (retention lock / object lock)
 */
public record DatasetExpectations(
    String tenant,
    String dataset,
    Duration backupFrequency,
    Duration minRetention,
    boolean encryptionRequired,
    boolean crossRegionCopyRequired,
    Duration rto,
    boolean wormRequired) {

  private static final Set<String> KEYS = Set.of("tenant", "dataset", "backupFrequency", "minRetention",
      "encryption", "crossRegionCopy", "rto", "worm");

  public DatasetExpectations {
    if (dataset == null || dataset.isBlank()) {
      throw new IllegalArgumentException("dataset must not be blank");
    }
    positive(backupFrequency, "backupFrequency");
    positive(minRetention, "minRetention");
    positive(rto, "rto");
  }

  /** Expectations with no objective set (every control not applicable); use the withers to add. */
  public static DatasetExpectations none(String dataset) {
    return new DatasetExpectations(null, dataset, null, null, false, false, null, false);
  }

  public DatasetExpectations withTenant(String t) {
    return new DatasetExpectations(t, dataset, backupFrequency, minRetention, encryptionRequired,
        crossRegionCopyRequired, rto, wormRequired);
  }

  public DatasetExpectations withBackupFrequency(Duration d) {
    return new DatasetExpectations(tenant, dataset, d, minRetention, encryptionRequired, crossRegionCopyRequired,
        rto, wormRequired);
  }

  public DatasetExpectations withMinRetention(Duration d) {
    return new DatasetExpectations(tenant, dataset, backupFrequency, d, encryptionRequired, crossRegionCopyRequired,
        rto, wormRequired);
  }

  public DatasetExpectations withEncryptionRequired(boolean b) {
    return new DatasetExpectations(tenant, dataset, backupFrequency, minRetention, b, crossRegionCopyRequired, rto,
        wormRequired);
  }

  public DatasetExpectations withCrossRegionCopyRequired(boolean b) {
    return new DatasetExpectations(tenant, dataset, backupFrequency, minRetention, encryptionRequired, b, rto,
        wormRequired);
  }

  public DatasetExpectations withRto(Duration d) {
    return new DatasetExpectations(tenant, dataset, backupFrequency, minRetention, encryptionRequired,
        crossRegionCopyRequired, d, wormRequired);
  }

  public DatasetExpectations withWormRequired(boolean b) {
    return new DatasetExpectations(tenant, dataset, backupFrequency, minRetention, encryptionRequired,
        crossRegionCopyRequired, rto, b);
  }

  /**
   * Parses a JSON array of objects such as
   * {@code [{"dataset":"orders","tenant":"acme","backupFrequency":"PT24H","minRetention":"P35D",
   * "encryption":true,"crossRegionCopy":true,"rto":"PT30M","worm":true}]} (durations in ISO-8601).
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static List<DatasetExpectations> listFromJson(String json) {
    Object parsed = Jcs.parse(json);
    if (!(parsed instanceof List<?> list)) {
      throw new IllegalArgumentException("expectations must be a JSON array of objects");
    }
    List<DatasetExpectations> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("expectation " + (i + 1) + " is not an object");
      }
      for (Object k : m.keySet()) {
        if (!KEYS.contains(k)) {
          throw new IllegalArgumentException("expectation " + (i + 1) + ": unknown key '" + k + "'; known: " + KEYS);
        }
      }
      try {
        out.add(new DatasetExpectations((String) m.get("tenant"), (String) m.get("dataset"),
            duration(m.get("backupFrequency")), duration(m.get("minRetention")), bool(m.get("encryption")),
            bool(m.get("crossRegionCopy")), duration(m.get("rto")), bool(m.get("worm"))));
      } catch (ClassCastException | DateTimeParseException | IllegalArgumentException e) {
        throw new IllegalArgumentException("expectation " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Duration duration(Object o) {
    return o == null ? null : Duration.parse((String) o);
  }

  private static boolean bool(Object o) {
    return o != null && (Boolean) o;
  }

  private static void positive(Duration d, String name) {
    if (d != null && (d.isNegative() || d.isZero())) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** Whether a record subject belongs to this dataset. */
  public boolean matches(EvidenceSubject s) {
    return dataset.equals(s.dataset()) && (tenant == null || Objects.equals(tenant, s.tenant()));
  }
}
