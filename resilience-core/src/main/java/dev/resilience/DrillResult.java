package dev.resilience;

import dev.resilience.spi.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Outcome of a restore drill: which snapshot was restored where, how long each step took, whether the
 * restored data verified, and the recovery time against the RTO.
 *
 * @param dataset {@code tenant/dataset}
 * @param snapshotId the restored snapshot
 * @param snapshotTakenAt when that snapshot started
 * @param sandbox where it was restored (no credentials)
 * @param startedAt when the drill started
 * @param recoveryTime from the start of the drill until the data was restored (sandbox + restore)
 * @param rto the objective at the time, or {@code null}
 * @param steps each step with its duration, in order
 * @param verifications each verifier's result
 * @param bytesRestored content bytes restored
 * @param error why the drill could not complete, or {@code null}
 */
public record DrillResult(
    String dataset, String snapshotId, Instant snapshotTakenAt, String sandbox, Instant startedAt, Duration recoveryTime,
    Duration rto, List<Step> steps, List<VerificationResult> verifications, long bytesRestored, String error) {

  public DrillResult {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(startedAt, "startedAt");
    steps = List.copyOf(steps);
    verifications = List.copyOf(verifications);
  }

  /** Whether every verifier passed (and the drill completed). */
  public boolean verified() {
    return error == null && !verifications.isEmpty() && verifications.stream().allMatch(VerificationResult::passed);
  }

  /** Whether the recovery time was within the RTO (true when no RTO is set). */
  public boolean withinRto() {
    return error == null && (rto == null || recoveryTime.compareTo(rto) <= 0);
  }

  /** Verified and within the RTO. */
  public boolean passed() {
    return verified() && withinRto();
  }

  /** One measured step of a drill ("open sandbox", "restore", "verify checksums", "remove sandbox"). */
  public record Step(String name, Duration duration, String detail) {
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(duration, "duration");
    }
  }
}
