package dev.resilience.evidence;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an evidence record attests. Each action has a wire name (lower case with hyphens) used in the
 * canonical JSON, and a set of {@code details} keys that producers (the backup engine, retention, drills)
 * emit and that the {@link ControlsReporter controls report} and {@link Attestations attestation}
 * read. Numbers are integers (JSON has no exact decimals in canonical form); byte counts in bytes,
 * durations in milliseconds, times as ISO-8601 instants.
 *
 * <p>The subject ({@link EvidenceSubject}) carries tenant, dataset and snapshot id; the keys below are in
 * {@code details}. Keys marked (report) are read by the controls report; a missing key counts as "not
 * shown" (for example a backup without {@code encrypted: true} fails the encryption control).
 */
public enum EvidenceAction {
  /**
   * A backup finished (or failed). Details: {@code status} ("complete", "partial" or "failed"; absent =
   * complete) (report), {@code kind} ("full"/"incremental"), {@code contentDigest} (hex SHA-256 of the
   * snapshot content, {@link dev.resilience.Snapshot#contentDigest()}; becomes an attestation subject),
   * {@code bytes} (logical bytes read), {@code stored} (new bytes written to the repository) (report),
   * {@code repositoryBytes} (repository size after the backup, optional; report: repository size chart,
   * otherwise the running sum of {@code stored}), {@code encrypted} (boolean) (report), {@code worm}
   * (boolean: stored under a retention lock / object lock) (report), {@code repository} (repository
   * name or URI), {@code region} (region of the repository) (report), {@code retentionMs} (retention the
   * policy assigns to the snapshot, optional) (report), {@code durationMs}.
   */
  BACKUP("backup"),
  /**
   * A snapshot was copied to another repository. Subject snapshot = the copied snapshot. Details:
   * {@code repository}, {@code region} (region of the copy; required for the cross-region control, which
   * fails for copies that do not state it) (report), {@code sourceRegion}, {@code status}
   * ("complete"/"failed"; absent = complete) (report).
   */
  COPY("copy"),
  /** A restore ran. Details: {@code destination}, {@code durationMs}, {@code bytes}, {@code status}. */
  RESTORE("restore"),
  /**
   * A restore drill ran. Details: {@code durationMs} (measured recovery time) (report), {@code rtoMs}
   * (objective at the time) (report), {@code passed} (boolean: restore and validation succeeded)
   * (report), {@code sandbox}, {@code checks} (number of validation checks).
   */
  DRILL("drill"),
  /** A backup was verified. Details: {@code level} (structural/read/restore), {@code passed}, {@code problems}. */
  VERIFICATION("verification"),
  /**
   * A retention rule decided about a snapshot. Details: {@code decision} ("keep", "cold", "delete"),
   * {@code rule}, {@code reason}.
   */
  RETENTION_DECISION("retention-decision"),
  /**
   * A snapshot, or live data, was deleted. Snapshot deletion: {@code ageMs} (age of the snapshot when
   * deleted) (report: retention minimum; a snapshot deletion without it fails that control), {@code
   * reason}, {@code rule}. Live-data purge: {@code records} (how many were purged; its presence marks a
   * live-data deletion, which the retention-minimum control ignores), {@code cutoff}, {@code rule},
   * {@code reason}; subject snapshot = the archive snapshot, if one was taken.
   */
  DELETION("deletion"),
  /** A legal hold was placed. Details: {@code holdId}, {@code reason}. */
  LEGAL_HOLD_SET("legal-hold-set"),
  /** A legal hold was released. Details: {@code holdId}, {@code reason}. */
  LEGAL_HOLD_RELEASE("legal-hold-release"),
  /** A policy was created or changed. Details: {@code policy} (name), {@code version}, {@code change}. */
  POLICY_CHANGE("policy-change"),
  /**
   * The evidence signing key was rotated. Signed by the outgoing key. Details: {@code nextKeyId} and
   * {@code nextPublicKey} (base64 X.509 SubjectPublicKeyInfo of the next Ed25519 key). Written by
   * {@link EvidenceLog#rotateKey}.
   */
  KEY_ROTATION("key-rotation");

  private final String wireName;

  EvidenceAction(String wireName) {
    this.wireName = wireName;
  }

  /** Name in the canonical JSON ({@code backup}, {@code retention-decision}, ...). */
  public String wireName() {
    return wireName;
  }

  /** The action with this wire name (or enum constant name, any case). */
  public static EvidenceAction fromWireName(String name) {
    for (EvidenceAction a : values()) {
      if (a.wireName.equals(name) || a.name().equals(name.toUpperCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown evidence action '" + name + "'; known: "
        + Arrays.stream(values()).map(EvidenceAction::wireName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
