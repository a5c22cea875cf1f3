package dev.resilience;

import dev.resilience.internal.policy.PolicyValidator;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the engine does for one protected dataset: who owns it, how it is classified, when it is
 * backed up, the recovery objectives, retention, drills and replication. Immutable; build with
 * {@link #builder(String, String)} (which validates and refuses contradictions, reporting every problem)
 * or read from a {@link PolicyDocument}.
 *
 * @param tenant owning tenant
 * @param dataset dataset name, unique within the tenant
 * @param classification primary classification, recorded on every snapshot
 * @param alsoClassified further classifications whose retention limits also apply
 * @param full schedule of full backups
 * @param incremental schedule of incremental backups, or {@code null}
 * @param missedRuns what to do about runs missed while no engine ran
 * @param rpo recovery point objective: the newest restorable snapshot must never be older than this
 * @param rto recovery time objective: a drill's restore must finish within this, or {@code null}
 * @param retention snapshot retention
 * @param drill test restores, or {@code null}
 * @param replication copies in a second repository, or {@code null}
 * @param backupBytesPerSecond bandwidth limit of this dataset's backups ({@code 0}: none)
 * @param restoreBytesPerSecond bandwidth limit of this dataset's restores and drills ({@code 0}: none)
 */
public record DatasetPolicy(
    String tenant,
    String dataset,
    Classification classification,
    Set<Classification> alsoClassified,
    Schedule full,
    Schedule incremental,
    MissedRuns missedRuns,
    Duration rpo,
    Duration rto,
    RetentionPolicy retention,
    DrillPolicy drill,
    ReplicationPolicy replication,
    long backupBytesPerSecond,
    long restoreBytesPerSecond) {

  public DatasetPolicy {
    TreeSet<Classification> also = new TreeSet<>(java.util.Comparator.comparing(Classification::name));
    if (alsoClassified != null) {
      also.addAll(alsoClassified);
    }
    alsoClassified = Collections.unmodifiableSet(also);
    missedRuns = missedRuns == null ? MissedRuns.RUN_ONCE : missedRuns;
    retention = retention == null ? RetentionPolicy.keepEverything() : retention;
  }

  /** {@code tenant/dataset}: the dataset's key in the engine, in job names and in evidence. */
  public String id() {
    return tenant + "/" + dataset;
  }

  /** Every problem with this policy, each as {@code path: message}; empty if it is valid. */
  public List<String> problems() {
    return PolicyValidator.validate(this);
  }

  public static Builder builder(String tenant, String dataset) {
    return new Builder(tenant, dataset);
  }

  /** A builder holding this policy's values, to derive a changed policy. */
  public Builder toBuilder() {
    Builder b = new Builder(tenant, dataset);
    b.classification = classification;
    b.alsoClassified.addAll(alsoClassified);
    b.full = full;
    b.incremental = incremental;
    b.missedRuns = missedRuns;
    b.rpo = rpo;
    b.rto = rto;
    b.retention = retention;
    b.drill = drill;
    b.replication = replication;
    b.backupBytesPerSecond = backupBytesPerSecond;
    b.restoreBytesPerSecond = restoreBytesPerSecond;
    return b;
  }

  /** Fluent builder. Setters check their value; {@link #build()} checks how values relate. */
  public static final class Builder {
    private final String tenant;
    private final String dataset;
    private Classification classification;
    private final Set<Classification> alsoClassified = new java.util.LinkedHashSet<>();
    private Schedule full;
    private Schedule incremental;
    private MissedRuns missedRuns = MissedRuns.RUN_ONCE;
    private Duration rpo;
    private Duration rto;
    private RetentionPolicy retention = RetentionPolicy.keepEverything();
    private DrillPolicy drill;
    private ReplicationPolicy replication;
    private long backupBytesPerSecond;
    private long restoreBytesPerSecond;

    private Builder(String tenant, String dataset) {
      this.tenant = tenant;
      this.dataset = dataset;
    }

    public Builder classification(Classification c) {
      this.classification = Objects.requireNonNull(c, "classification");
      return this;
    }

    /** A further classification whose retention limits also apply (a table with both PII and financial data). */
    public Builder alsoClassified(Classification c) {
      alsoClassified.add(Objects.requireNonNull(c, "classification"));
      return this;
    }

    public Builder fullBackups(Schedule schedule) {
      this.full = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    public Builder incrementalBackups(Schedule schedule) {
      this.incremental = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    public Builder missedRuns(MissedRuns policy) {
      this.missedRuns = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder rpo(Duration rpo) {
      this.rpo = positive("rpo", rpo);
      return this;
    }

    public Builder rto(Duration rto) {
      this.rto = positive("rto", rto);
      return this;
    }

    public Builder retention(RetentionPolicy retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    public Builder drill(DrillPolicy drill) {
      this.drill = Objects.requireNonNull(drill, "drill");
      return this;
    }

    public Builder replication(ReplicationPolicy replication) {
      this.replication = Objects.requireNonNull(replication, "replication");
      return this;
    }

    public Builder backupBytesPerSecond(long limit) {
      this.backupBytesPerSecond = nonNegative("backupBytesPerSecond", limit);
      return this;
    }

    public Builder restoreBytesPerSecond(long limit) {
      this.restoreBytesPerSecond = nonNegative("restoreBytesPerSecond", limit);
      return this;
    }

    /** The policy without validation; {@link DatasetPolicy#problems()} tells what is wrong with it. */
    public DatasetPolicy buildUnchecked() {
      return new DatasetPolicy(tenant, dataset, classification, alsoClassified, full, incremental, missedRuns, rpo, rto,
          retention, drill, replication, backupBytesPerSecond, restoreBytesPerSecond);
    }

    /** The policy; throws {@link PolicyValidationException} listing every problem if it is invalid. */
    public DatasetPolicy build() {
      DatasetPolicy p = buildUnchecked();
      List<String> problems = p.problems();
      if (!problems.isEmpty()) {
        throw new PolicyValidationException(problems);
      }
      return p;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }

    private static long nonNegative(String name, long v) {
      if (v < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, got " + v);
      }
      return v;
    }
  }
}
