package dev.resilience.evidence;

import dev.resilience.internal.evidence.ControlsHtml;
import dev.resilience.internal.evidence.ControlsJson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Per dataset, whether each backup control passed over a period, with the reason, and the series the
 * charts show. Computed from evidence records by {@link ControlsReporter}; rendered as JSON
 * ({@link #toJson()}) for machines and as a self-contained HTML page ({@link #toHtml()}) for people.
 *
 * @param from period start (inclusive)
 * @param to period end (exclusive)
 * @param generatedAt when the report was computed
 * @param integrity whether the evidence log was verified before the report was computed
 * @param datasets one entry per dataset
 */
public record ControlsReport(Instant from, Instant to, Instant generatedAt, LogIntegrity integrity,
    List<DatasetReport> datasets) {

  public ControlsReport {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(integrity, "integrity");
    datasets = List.copyOf(datasets);
  }

  /** Whether no control failed in any dataset. */
  public boolean passed() {
    return datasets.stream().allMatch(DatasetReport::passed);
  }

  /** JSON for machines (pretty-printed, stable key order). */
  public String toJson() {
    return ControlsJson.render(this);
  }

  /** A self-contained HTML page: inline CSS and SVG, no scripts, no network resources. */
  public String toHtml() {
    return ControlsHtml.render(this);
  }

  /** The controls, after AWS Backup Audit Manager's. */
  public enum Control {
    BACKUP_FREQUENCY("Backup frequency", "a successful backup at least every objective interval"),
    RETENTION_MINIMUM("Retention minimum", "no snapshot deleted or planned for deletion before the minimum age"),
    ENCRYPTION("Encryption", "every backup encrypted"),
    CROSS_REGION_COPY("Copy in a second region", "every backup copied to a repository in another region"),
    RESTORE_TIME("Drill within RTO", "the last drill restored and validated within the RTO"),
    WORM("WORM", "every backup stored write-once (retention lock)");

    private final String title;
    private final String description;

    Control(String title, String description) {
      this.title = title;
      this.description = description;
    }

    public String title() {
      return title;
    }

    public String description() {
      return description;
    }
  }

  /** Outcome of one control. */
  public enum Status { PASS, FAIL, NOT_APPLICABLE }

  /** Whether and how the evidence log was verified. */
  public record LogIntegrity(boolean verified, String summary) {
    public LogIntegrity {
      Objects.requireNonNull(summary, "summary");
    }
  }

  /** One control's outcome and why. */
  public record ControlResult(Control control, Status status, String reason) {
    public ControlResult {
      Objects.requireNonNull(control, "control");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Successful backups on one UTC day. */
  public record DayCount(LocalDate day, long count) {}

  /** A value at a time (bytes, milliseconds). */
  public record Sample(Instant time, long value) {}

  /** One drill: measured recovery time against the objective. */
  public record DrillSample(Instant time, String snapshot, long durationMs, Long rtoMs, boolean passed) {
    /** Whether the drill passed and met its objective (when one is known). */
    public boolean withinRto() {
      return passed && (rtoMs == null || durationMs <= rtoMs);
    }
  }

  /**
   * Figures and series of one dataset.
   *
   * @param backups successful backups in the period
   * @param failedBackups failed backups in the period
   * @param storedBytes new bytes stored by the period's backups
   * @param lastBackup time of the last successful backup up to the period end, or {@code null}
   * @param deletions snapshot deletions in the period
   * @param backupsPerDay successful backups per UTC day of the period
   * @param repositorySize repository size after each backup (reported, or the running sum of stored bytes)
   * @param rpoAge at the end of each day, the age of the newest backup (the data that would be lost)
   * @param drills the period's drills
   */
  public record DatasetFigures(long backups, long failedBackups, long storedBytes, Instant lastBackup,
      long deletions, List<DayCount> backupsPerDay, List<Sample> repositorySize, List<Sample> rpoAge,
      List<DrillSample> drills) {
    public DatasetFigures {
      backupsPerDay = List.copyOf(backupsPerDay);
      repositorySize = List.copyOf(repositorySize);
      rpoAge = List.copyOf(rpoAge);
      drills = List.copyOf(drills);
    }
  }

  /** One dataset: expectations, control outcomes, figures. */
  public record DatasetReport(DatasetExpectations expectations, List<ControlResult> controls,
      DatasetFigures figures) {
    public DatasetReport {
      Objects.requireNonNull(expectations, "expectations");
      controls = List.copyOf(controls);
      Objects.requireNonNull(figures, "figures");
    }

    public String dataset() {
      return expectations.dataset();
    }

    /** Whether no control failed. */
    public boolean passed() {
      return controls.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    /** The result of one control. */
    public ControlResult control(Control control) {
      return controls.stream().filter(c -> c.control() == control).findFirst().orElseThrow();
    }
  }
}
