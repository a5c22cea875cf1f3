package dev.resilience.evidence;

import dev.resilience.evidence.ControlsReport.DatasetReport;
import dev.resilience.evidence.ControlsReport.LogIntegrity;
import dev.resilience.internal.evidence.ControlsEvaluator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Computes a {@link ControlsReport} from the evidence records of a period and per-dataset
 * {@link DatasetExpectations}. The records should come from a verified log
 * ({@link EvidenceVerification#parsed()}); say so in the {@link LogIntegrity} passed in.
 *
 * <p>Controls, per dataset, over {@code [from, to)}:
 * <ul>
 *   <li>backup frequency: no gap between successful backups (counting from the last backup before the
 *       period, or from its start, to its end) longer than the objective;
 *   <li>retention minimum: no {@code deletion} with {@code ageMs} below the minimum, no backup with a
 *       planned {@code retentionMs} below it;
 *   <li>encryption / WORM: every successful backup says {@code encrypted: true} / {@code worm: true};
 *   <li>copy in a second region: every successful backup has a {@code copy} record for its snapshot
 *       whose {@code region} differs from the backup's {@code region};
 *   <li>drill within RTO: the period's last drill has {@code passed: true} and {@code durationMs} at most
 *       the RTO.
 * </ul>
 * A control whose objective is not set is "not applicable"; a required control with no evidence fails.
 */
public final class ControlsReporter {
  private final Clock clock;

  /** A reporter stamping reports with {@code clock}'s time. */
  public ControlsReporter(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The report for {@code [from, to)}.
   *
   * @param records the whole log (earlier records give the last backup before the period)
   * @param expectations one per dataset to report on
   */
  public ControlsReport report(List<EvidenceRecord> records, List<DatasetExpectations> expectations,
      Instant from, Instant to, LogIntegrity integrity) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(expectations, "expectations");
    Objects.requireNonNull(integrity, "integrity");
    if (!Objects.requireNonNull(from, "from").isBefore(Objects.requireNonNull(to, "to"))) {
      throw new IllegalArgumentException("from must be before to");
    }
    List<DatasetReport> datasets = new ArrayList<>();
    for (DatasetExpectations e : expectations) {
      datasets.add(ControlsEvaluator.evaluate(e, records, from, to));
    }
    return new ControlsReport(from, to, clock.instant(), integrity, datasets);
  }

  /**
   * {@code expectations} plus a no-objective entry for every other dataset named in {@code records}, so
   * that every dataset in the log appears in the report.
   */
  public static List<DatasetExpectations> withUnlistedDatasets(List<EvidenceRecord> records,
      List<DatasetExpectations> expectations) {
    List<DatasetExpectations> out = new ArrayList<>(expectations);
    Set<String> seen = new LinkedHashSet<>();
    expectations.forEach(e -> seen.add(e.dataset()));
    for (EvidenceRecord r : records) {
      String ds = r.subject().dataset();
      if (ds != null && seen.add(ds)) {
        out.add(DatasetExpectations.none(ds));
      }
    }
    return out;
  }
}
