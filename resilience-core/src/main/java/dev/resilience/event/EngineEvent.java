package dev.resilience.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something the {@link dev.resilience.BackupEngine} did or found. Delivered to {@link EngineListener}s
 * on the thread that did the work.
 */
public sealed interface EngineEvent {
  /** {@code tenant/dataset} the event is about. */
  String dataset();

  /** When it happened (by the engine's clock). */
  Instant at();

  /** What kind of job ran. */
  enum JobKind {
    FULL_BACKUP,
    INCREMENTAL_BACKUP,
    DRILL,
    REPLICATION,
    RETENTION,
    RESTORE
  }

  /** Why a job ran. */
  enum Trigger {
    SCHEDULED,
    /** Once on start for runs missed while no engine ran ({@link dev.resilience.MissedRuns#RUN_ONCE}). */
    CATCH_UP,
    MANUAL
  }

  /** A job started. {@code due} is its scheduled time ({@code null} when run manually). */
  record JobStarted(String dataset, JobKind kind, Trigger trigger, Instant due, Instant at) implements EngineEvent {}

  /**
   * A job ended.
   *
   * @param succeeded whether it succeeded
   * @param bytes content bytes processed
   * @param result a snapshot id, drill verdict or count, for people
   * @param error the failure message, or {@code null}
   * @param overranWindow it finished after its completion window closed
   */
  record JobFinished(
      String dataset, JobKind kind, Trigger trigger, Instant due, Instant started, Instant at, boolean succeeded,
      long bytes, String result, String error, boolean overranWindow) implements EngineEvent {
    public Duration duration() {
      return Duration.between(started, at);
    }
  }

  /** Scheduled runs fell due but could not start within their start window. */
  record JobMissed(String dataset, JobKind kind, Instant firstDue, Instant lastDue, int count, boolean runningOnce, Instant at)
      implements EngineEvent {}

  /** A job finished after its completion window closed (at {@code deadline}). */
  record CompletionWindowExceeded(String dataset, JobKind kind, Instant due, Instant deadline, Instant at)
      implements EngineEvent {}

  /** Another engine sharing the repository holds the job's lease or already ran this occurrence. */
  record JobRanElsewhere(String dataset, JobKind kind, Instant due, Instant at) implements EngineEvent {}

  /** The newest restorable snapshot is older than the RPO (or there is none). */
  record RpoBreached(String dataset, Instant lastRestorablePoint, Duration age, Duration rpo, Instant at)
      implements EngineEvent {
    public RpoBreached {
      Objects.requireNonNull(rpo, "rpo");
    }
  }

  /** A drill's recovery took longer than the RTO, or its verification failed. */
  record RtoBreached(String dataset, String snapshotId, Duration recoveryTime, Duration rto, boolean verified, Instant at)
      implements EngineEvent {}
}
