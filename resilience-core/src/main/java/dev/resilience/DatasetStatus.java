package dev.resilience;

import dev.resilience.event.EngineEvent.JobKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Where a dataset stands against its objectives.
 *
 * @param dataset {@code tenant/dataset}
 * @param lastRestorablePoint the later of the newest snapshot's start time and the dataset's
 *     {@link dev.resilience.spi.RecoveryPointSource recovery point}, or {@code null} if neither is known
 * @param lastSnapshotId its id, or {@code null}
 * @param rpoAge how old that point is now ({@code null} without one)
 * @param rpo the objective
 * @param rpoBreached no restorable point, or it is older than the RPO
 * @param lastDrill the last drill's result, or {@code null} if none was recorded
 * @param rto the objective, or {@code null}
 * @param nextRuns the next due time of each scheduled job
 */
public record DatasetStatus(
    String dataset, Instant lastRestorablePoint, String lastSnapshotId, Duration rpoAge, Duration rpo, boolean rpoBreached,
    DrillSummary lastDrill, Duration rto, Map<JobKind, Instant> nextRuns) {

  public DatasetStatus {
    Objects.requireNonNull(dataset, "dataset");
    nextRuns = nextRuns == null ? Map.of() : Map.copyOf(nextRuns);
  }

  /** Whether the last drill breached the RTO or failed verification (false if no drill ran). */
  public boolean rtoBreached() {
    return lastDrill != null && !lastDrill.passed();
  }

  /**
   * The recorded result of a drill, as every engine sharing the repository sees it.
   *
   * @param at when it ran
   * @param snapshotId what it restored
   * @param recoveryTime measured recovery time
   * @param verified whether verification passed
   * @param withinRto whether the recovery time met the RTO
   */
  public record DrillSummary(Instant at, String snapshotId, Duration recoveryTime, boolean verified, boolean withinRto) {
    public boolean passed() {
      return verified && withinRto;
    }
  }
}
