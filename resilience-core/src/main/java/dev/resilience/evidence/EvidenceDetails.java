package dev.resilience.evidence;

import dev.resilience.Snapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code details} keys that producers emit and the controls report and attestations read (see
 * {@link EvidenceAction} for which action carries which), and helpers that build the common ones so that
 * producers cannot misspell them.
 */
public final class EvidenceDetails {
  /** "complete", "partial" or "failed" (absent = complete). */
  public static final String STATUS = "status";
  /** "full" or "incremental". */
  public static final String KIND = "kind";
  /** Hex SHA-256 of the snapshot content. */
  public static final String CONTENT_DIGEST = "contentDigest";
  /** Logical bytes read. */
  public static final String BYTES = "bytes";
  /** New bytes written to the repository. */
  public static final String STORED = "stored";
  /** Repository size after the action. */
  public static final String REPOSITORY_BYTES = "repositoryBytes";
  /** Whether the data is encrypted. */
  public static final String ENCRYPTED = "encrypted";
  /** Whether the data is stored write-once (retention lock / object lock). */
  public static final String WORM = "worm";
  /** Repository name or URI. */
  public static final String REPOSITORY = "repository";
  /** Region of the repository (of the copy, for {@link EvidenceAction#COPY}). */
  public static final String REGION = "region";
  /** Region of the source repository of a copy. */
  public static final String SOURCE_REGION = "sourceRegion";
  /** Retention the policy assigns to a snapshot, in ms. */
  public static final String RETENTION_MS = "retentionMs";
  /** Measured duration in ms. */
  public static final String DURATION_MS = "durationMs";
  /** Recovery time objective in ms. */
  public static final String RTO_MS = "rtoMs";
  /** Whether a drill or verification passed. */
  public static final String PASSED = "passed";
  /** Age of a snapshot when deleted, in ms. */
  public static final String AGE_MS = "ageMs";
  /** A retention decision: "keep", "cold" or "delete". */
  public static final String DECISION = "decision";
  /** Name of the rule behind a decision. */
  public static final String RULE = "rule";
  /** Why, for people. */
  public static final String REASON = "reason";
  /** Number of live records purged (marks a live-data deletion, as opposed to a snapshot deletion). */
  public static final String RECORDS = "records";
  /** Cut-off time of a live-data purge (ISO-8601). */
  public static final String CUTOFF = "cutoff";
  /** Legal hold id. */
  public static final String HOLD_ID = "holdId";

  private EvidenceDetails() {}

  /**
   * Details of a {@link EvidenceAction#BACKUP} record for a committed snapshot.
   *
   * @param repositoryBytes repository size after the backup, or {@code null} if unknown
   */
  public static Map<String, Object> backup(Snapshot snapshot, boolean encrypted, boolean worm, String repository,
      String region, Long repositoryBytes) {
    Objects.requireNonNull(snapshot, "snapshot");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put(STATUS, snapshot.status().name().toLowerCase(Locale.ROOT));
    d.put(KIND, snapshot.kind().name().toLowerCase(Locale.ROOT));
    if (snapshot.contentDigest() != null) {
      d.put(CONTENT_DIGEST, snapshot.contentDigest());
    }
    d.put(BYTES, snapshot.stats().totalBytes());
    d.put(STORED, snapshot.stats().storedBytes());
    if (repositoryBytes != null) {
      d.put(REPOSITORY_BYTES, repositoryBytes);
    }
    d.put(ENCRYPTED, encrypted);
    d.put(WORM, worm);
    d.put(REPOSITORY, repository);
    d.put(REGION, region);
    d.put(DURATION_MS, snapshot.duration().toMillis());
    return d;
  }

  /** Details of a {@link EvidenceAction#DRILL} record. */
  public static Map<String, Object> drill(Duration measured, Duration rto, boolean passed) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put(DURATION_MS, measured.toMillis());
    if (rto != null) {
      d.put(RTO_MS, rto.toMillis());
    }
    d.put(PASSED, passed);
    return d;
  }

  /** Details of a {@link EvidenceAction#COPY} record. */
  public static Map<String, Object> copy(String repository, String region, String sourceRegion) {
    return of(REPOSITORY, repository, REGION, region, SOURCE_REGION, sourceRegion);
  }

  /** Details of a {@link EvidenceAction#DELETION} record. */
  public static Map<String, Object> deletion(Duration age, String rule, String reason) {
    return of(AGE_MS, age.toMillis(), RULE, rule, REASON, reason);
  }

  /** Details of a {@link EvidenceAction#RETENTION_DECISION} record. */
  public static Map<String, Object> retentionDecision(String decision, String rule, String reason) {
    return of(DECISION, decision, RULE, rule, REASON, reason);
  }

  private static Map<String, Object> of(Object... keysAndValues) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      d.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return d;
  }
}
