package dev.resilience.internal.evidence;

import dev.resilience.evidence.ControlsReport.Control;
import dev.resilience.evidence.ControlsReport.ControlResult;
import dev.resilience.evidence.ControlsReport.DatasetFigures;
import dev.resilience.evidence.ControlsReport.DatasetReport;
import dev.resilience.evidence.ControlsReport.DayCount;
import dev.resilience.evidence.ControlsReport.DrillSample;
import dev.resilience.evidence.ControlsReport.Sample;
import dev.resilience.evidence.ControlsReport.Status;
import dev.resilience.evidence.DatasetExpectations;
import dev.resilience.evidence.EvidenceAction;
import dev.resilience.evidence.EvidenceDetails;
import dev.resilience.evidence.EvidenceRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Computes the controls of one dataset over {@code [from, to)} from its evidence records. */
public final class ControlsEvaluator {
  private final DatasetExpectations exp;
  private final Instant from;
  private final Instant to;
  /** Records of this dataset up to {@code to}. */
  private final List<EvidenceRecord> upToEnd;
  /** Successful backups of this dataset in the period. */
  private final List<EvidenceRecord> backups;

  private ControlsEvaluator(DatasetExpectations exp, List<EvidenceRecord> all, Instant from, Instant to) {
    this.exp = exp;
    this.from = from;
    this.to = to;
    this.upToEnd = all.stream().filter(r -> exp.matches(r.subject()) && r.time().isBefore(to)).toList();
    this.backups = inPeriod(EvidenceAction.BACKUP).stream().filter(ControlsEvaluator::succeeded).toList();
  }

  /** The report of one dataset. */
  public static DatasetReport evaluate(DatasetExpectations exp, List<EvidenceRecord> all, Instant from, Instant to) {
    ControlsEvaluator e = new ControlsEvaluator(exp, all, from, to);
    List<ControlResult> controls = List.of(e.frequency(), e.retention(), e.encryption(), e.copies(), e.drill(),
        e.worm());
    return new DatasetReport(exp, controls, e.figures());
  }

  private List<EvidenceRecord> inPeriod(EvidenceAction action) {
    return upToEnd.stream().filter(r -> r.action() == action && !r.time().isBefore(from)).toList();
  }

  private static boolean succeeded(EvidenceRecord r) {
    String status = r.detailString(EvidenceDetails.STATUS);
    return status == null || !status.equals("failed");
  }

  private ControlResult frequency() {
    Duration max = exp.backupFrequency();
    if (max == null) {
      return na(Control.BACKUP_FREQUENCY, "no backup frequency objective");
    }
    Instant cursor = upToEnd.stream().filter(r -> r.action() == EvidenceAction.BACKUP && succeeded(r)
        && r.time().isBefore(from)).map(EvidenceRecord::time).reduce((a, b) -> b).orElse(from);
    Duration largest = Duration.ZERO;
    Instant gapStart = cursor;
    Instant gapEnd = cursor;
    for (EvidenceRecord b : backups) {
      Duration gap = Duration.between(cursor, b.time());
      if (gap.compareTo(largest) > 0) {
        largest = gap;
        gapStart = cursor;
        gapEnd = b.time();
      }
      cursor = b.time();
    }
    Duration tail = Duration.between(cursor, to);
    if (tail.compareTo(largest) > 0) {
      largest = tail;
      gapStart = cursor;
      gapEnd = to;
    }
    if (backups.isEmpty()) {
      return new ControlResult(Control.BACKUP_FREQUENCY, Status.FAIL,
          "no successful backup in the period (objective: every " + Human.duration(max) + ")");
    }
    String summary = backups.size() + " successful backup(s); largest gap " + Human.duration(largest) + " ("
        + gapStart + " to " + (gapEnd.equals(to) ? "period end" : gapEnd.toString()) + ")";
    return largest.compareTo(max) > 0
        ? new ControlResult(Control.BACKUP_FREQUENCY, Status.FAIL, summary + " exceeds " + Human.duration(max))
        : new ControlResult(Control.BACKUP_FREQUENCY, Status.PASS, summary + " within " + Human.duration(max));
  }

  private ControlResult retention() {
    Duration min = exp.minRetention();
    if (min == null) {
      return na(Control.RETENTION_MINIMUM, "no minimum retention objective");
    }
    List<EvidenceRecord> deletions = snapshotDeletions();
    for (EvidenceRecord d : deletions) {
      Long age = d.detailLong(EvidenceDetails.AGE_MS);
      if (age == null) {
        return fail(Control.RETENTION_MINIMUM, "deletion of snapshot " + d.subject().snapshot() + " (seq "
            + d.sequence() + ") does not state the snapshot's age");
      }
      if (age < min.toMillis()) {
        return fail(Control.RETENTION_MINIMUM, "snapshot " + d.subject().snapshot() + " deleted at " + d.time()
            + " aged " + Human.duration(Duration.ofMillis(age)) + ", below the minimum " + Human.duration(min));
      }
    }
    for (EvidenceRecord b : backups) {
      Long planned = b.detailLong(EvidenceDetails.RETENTION_MS);
      if (planned != null && planned < min.toMillis()) {
        return fail(Control.RETENTION_MINIMUM, "snapshot " + b.subject().snapshot() + " planned for "
            + Human.duration(Duration.ofMillis(planned)) + ", below the minimum " + Human.duration(min));
      }
    }
    return new ControlResult(Control.RETENTION_MINIMUM, Status.PASS, deletions.size()
        + " deletion(s), none before " + Human.duration(min));
  }

  /** Deletions of snapshots (live-data purges, which carry {@code records}, are not snapshot deletions). */
  private List<EvidenceRecord> snapshotDeletions() {
    return inPeriod(EvidenceAction.DELETION).stream().filter(d -> !d.details().containsKey(EvidenceDetails.RECORDS)).toList();
  }

  private ControlResult encryption() {
    return everyBackup(Control.ENCRYPTION, exp.encryptionRequired(), EvidenceDetails.ENCRYPTED, "not encrypted");
  }

  private ControlResult worm() {
    return everyBackup(Control.WORM, exp.wormRequired(), EvidenceDetails.WORM, "not stored write-once");
  }

  private ControlResult everyBackup(Control control, boolean required, String key, String failure) {
    if (!required) {
      return na(control, "not required");
    }
    if (backups.isEmpty()) {
      return fail(control, "no backup in the period to show it");
    }
    for (EvidenceRecord b : backups) {
      if (!Boolean.TRUE.equals(b.detailBoolean(key))) {
        return fail(control, "backup " + b.subject().snapshot() + " at " + b.time() + " (seq " + b.sequence()
            + ") " + failure);
      }
    }
    return new ControlResult(control, Status.PASS, "all " + backups.size() + " backup(s) " + key.replace("worm", "WORM"));
  }

  private ControlResult copies() {
    if (!exp.crossRegionCopyRequired()) {
      return na(Control.CROSS_REGION_COPY, "not required");
    }
    if (backups.isEmpty()) {
      return fail(Control.CROSS_REGION_COPY, "no backup in the period to show it");
    }
    List<EvidenceRecord> copyRecords = upToEnd.stream()
        .filter(r -> r.action() == EvidenceAction.COPY && succeeded(r)).toList();
    for (EvidenceRecord b : backups) {
      String region = b.detailString(EvidenceDetails.REGION);
      List<EvidenceRecord> ofThis = copyRecords.stream()
          .filter(c -> Objects.equals(c.subject().snapshot(), b.subject().snapshot())).toList();
      boolean copied = ofThis.stream().anyMatch(c -> c.detailString(EvidenceDetails.REGION) != null
          && !c.detailString(EvidenceDetails.REGION).equals(region));
      if (!copied) {
        String what = ofThis.isEmpty() ? "has no copy"
            : ofThis.stream().allMatch(c -> c.detailString(EvidenceDetails.REGION) == null)
                ? "has copies that do not state their region" : "has copies only in its own region";
        return fail(Control.CROSS_REGION_COPY, "backup " + b.subject().snapshot() + " at " + b.time() + " " + what
            + (region == null ? "" : " (backup region " + region + ")"));
      }
    }
    return new ControlResult(Control.CROSS_REGION_COPY, Status.PASS,
        "all " + backups.size() + " backup(s) copied to another region");
  }

  private ControlResult drill() {
    if (exp.rto() == null) {
      return na(Control.RESTORE_TIME, "no RTO objective");
    }
    List<EvidenceRecord> drills = inPeriod(EvidenceAction.DRILL);
    if (drills.isEmpty()) {
      return fail(Control.RESTORE_TIME, "no drill in the period (RTO " + Human.duration(exp.rto()) + ")");
    }
    EvidenceRecord last = drills.get(drills.size() - 1);
    Long duration = last.detailLong(EvidenceDetails.DURATION_MS);
    String when = "last drill at " + last.time() + " (seq " + last.sequence() + ")";
    if (!Boolean.TRUE.equals(last.detailBoolean(EvidenceDetails.PASSED))) {
      return fail(Control.RESTORE_TIME, when + " failed its validation");
    }
    if (duration == null) {
      return fail(Control.RESTORE_TIME, when + " does not state its duration");
    }
    String took = when + " took " + Human.duration(Duration.ofMillis(duration));
    return duration > exp.rto().toMillis()
        ? fail(Control.RESTORE_TIME, took + ", over the RTO of " + Human.duration(exp.rto()))
        : new ControlResult(Control.RESTORE_TIME, Status.PASS, took + ", within the RTO of " + Human.duration(exp.rto()));
  }

  private DatasetFigures figures() {
    long failed = inPeriod(EvidenceAction.BACKUP).size() - backups.size();
    long stored = backups.stream().mapToLong(b -> orZero(b.detailLong(EvidenceDetails.STORED))).sum();
    List<EvidenceRecord> allBackups = upToEnd.stream()
        .filter(r -> r.action() == EvidenceAction.BACKUP && succeeded(r)).toList();
    Instant lastBackup = allBackups.isEmpty() ? null : allBackups.get(allBackups.size() - 1).time();

    List<DayCount> perDay = new ArrayList<>();
    List<Sample> rpo = new ArrayList<>();
    LocalDate first = from.atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate last = to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant sampleAt = end.isAfter(to) ? to : end;
      perDay.add(new DayCount(d, backups.stream().filter(b -> !b.time().isBefore(start) && b.time().isBefore(end)).count()));
      allBackups.stream().map(EvidenceRecord::time).filter(t -> t.isBefore(sampleAt)).reduce((a, b) -> b)
          .ifPresent(t -> rpo.add(new Sample(sampleAt, Duration.between(t, sampleAt).toMillis())));
    }

    List<Sample> size = new ArrayList<>();
    long running = allBackups.stream().filter(b -> b.time().isBefore(from)).mapToLong(b -> orZero(b.detailLong(EvidenceDetails.STORED))).sum();
    for (EvidenceRecord b : backups) {
      running += orZero(b.detailLong(EvidenceDetails.STORED));
      Long reported = b.detailLong(EvidenceDetails.REPOSITORY_BYTES);
      size.add(new Sample(b.time(), reported != null ? reported : running));
    }

    List<DrillSample> drills = new ArrayList<>();
    for (EvidenceRecord d : inPeriod(EvidenceAction.DRILL)) {
      Long rto = exp.rto() != null ? Long.valueOf(exp.rto().toMillis()) : d.detailLong(EvidenceDetails.RTO_MS);
      drills.add(new DrillSample(d.time(), d.subject().snapshot(), orZero(d.detailLong(EvidenceDetails.DURATION_MS)), rto,
          Boolean.TRUE.equals(d.detailBoolean(EvidenceDetails.PASSED))));
    }
    return new DatasetFigures(backups.size(), failed, stored, lastBackup, snapshotDeletions().size(),
        perDay, size, rpo, drills);
  }

  private static ControlResult na(Control c, String why) {
    return new ControlResult(c, Status.NOT_APPLICABLE, why);
  }

  private static ControlResult fail(Control c, String why) {
    return new ControlResult(c, Status.FAIL, why);
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
