package dev.resilience.internal.policy;

import dev.resilience.BackupEngine;
import dev.resilience.BackupRequest;
import dev.resilience.DatasetPolicy;
import dev.resilience.DrillResult;
import dev.resilience.LiveRetentionReport;
import dev.resilience.PruneRequest;
import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.RestoreResult;
import dev.resilience.RetentionPlan;
import dev.resilience.RetentionResult;
import dev.resilience.Snapshot;
import dev.resilience.event.EngineEvent;
import dev.resilience.event.EngineEvent.JobKind;
import dev.resilience.event.EngineEvent.Trigger;
import dev.resilience.event.ProgressListener;
import dev.resilience.internal.retention.RetentionExecutor;
import dev.resilience.internal.retention.RetentionPlanner;
import dev.resilience.internal.retention.RetentionStore;
import dev.resilience.internal.throttle.Throttling;
import dev.resilience.internal.throttle.TokenBucket;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.LiveDataRetention;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.RetentionSelection;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import dev.resilience.spi.StoreFeature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** The work behind {@link BackupEngine}'s jobs: backups, restores, retention, live retention, with evidence. */
public final class EngineOperations {
  /** Where the repository keeps snapshot manifests (locked under WORM when the store has object lock). */
  static final String MANIFEST_PREFIX = "snapshots/";
  private final Repository repository;
  private final String region;
  private final Clock clock;
  private final RetentionStore state;
  private final EvidenceHook evidence;
  private final Consumer<EngineEvent> events;

  public EngineOperations(Repository repository, String region, Clock clock, RetentionStore state, EvidenceHook evidence,
      Consumer<EngineEvent> events) {
    this.repository = repository;
    this.region = region;
    this.clock = clock;
    this.state = state;
    this.evidence = evidence;
    this.events = events;
  }

  /** Runs work started by a caller (not the scheduler), reporting it as a manual job. */
  public <T> T manual(String dataset, JobKind kind, Supplier<T> work, ToLongFunction<T> bytes, Function<T, String> result) {
    Instant started = clock.instant();
    events.accept(new EngineEvent.JobStarted(dataset, kind, Trigger.MANUAL, null, started));
    try {
      T t = work.get();
      events.accept(new EngineEvent.JobFinished(dataset, kind, Trigger.MANUAL, null, started, clock.instant(), true,
          bytes.applyAsLong(t), result.apply(t), null, false));
      return t;
    } catch (RuntimeException e) {
      events.accept(new EngineEvent.JobFinished(dataset, kind, Trigger.MANUAL, null, started, clock.instant(), false, 0,
          null, e.toString(), false));
      throw e;
    }
  }

  /** The dataset's backups in the repository (not archives of live data), oldest first. */
  public List<Snapshot> snapshotsOf(String datasetId) {
    return repository.snapshots().stream()
        .filter(s -> datasetId.equals(s.tenant() + "/" + s.dataset()))
        .filter(s -> !s.tags().containsKey(BackupEngine.ARCHIVE_TAG))
        .toList();
  }

  /** Backs up; a scheduled run is tagged {@code scheduled-for} with its due time (the occurrence it serves). */
  public Snapshot backup(DatasetPolicy p, BackupTarget target, boolean full, Trigger trigger, Instant due,
      List<TokenBucket> limits, ProgressListener progress) {
    BackupRequest.Builder req = BackupRequest.builder().tenant(p.tenant()).dataset(p.dataset())
        .classification(p.classification()).tag("trigger", trigger.name().toLowerCase(java.util.Locale.ROOT))
        .bytesPerSecond(p.backupBytesPerSecond()).progress(progress);
    if (due != null) {
      req.tag("scheduled-for", due.toString());
    }
    if (full || !target.capabilities().contains(Capability.INCREMENTAL)) {
      req.full();
    }
    Snapshot s;
    try {
      s = repository.backup(Throttling.throttle(target, limits), req.build());
    } catch (RuntimeException e) {
      evidence.record("backup", p.tenant(), p.dataset(), null, Map.of("status", "failed", "reason", e.toString(),
          "kind", full ? "full" : "incremental", "repository", repository.store().describe()));
      throw e;
    }
    if (p.retention().wormEnabled()) {
      Instant lockEnd = s.startedAt().plus(p.retention().worm());
      state.putAnnotation(state.annotation(s.id()).lockedUntil(lockEnd));
      if (repository.store().features().contains(StoreFeature.OBJECT_LOCK)) {
        // the store itself then refuses to forget the snapshot before the lock ends (packs stay referenced)
        repository.store().extendRetention(MANIFEST_PREFIX + s.id(), lockEnd);
      }
    }
    Map<String, Object> details = new TreeMap<>();
    details.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
    details.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
    details.put("contentDigest", s.contentDigest());
    details.put("bytes", s.stats().totalBytes());
    details.put("stored", s.stats().storedBytes());
    details.put("encrypted", true);
    details.put("worm", p.retention().wormEnabled());
    details.put("repository", repository.store().describe());
    if (region != null) {
      details.put("region", region);
    }
    details.put("durationMs", s.duration().toMillis());
    if (p.retention().cold() != null) {
      details.put("retentionMs", p.retention().cold().toMillis());
    }
    evidence.record("backup", p.tenant(), p.dataset(), s.id(), details);
    return s;
  }

  public RestoreResult restore(Snapshot s, BackupTarget destination, RestoreRequest request, List<TokenBucket> limits) {
    RestoreResult r = repository.restore(s.id(), Throttling.throttle(destination, limits), request);
    evidence.record("restore", s.tenant(), s.dataset(), s.id(), Map.of("destination", destination.name(),
        "durationMs", r.duration().toMillis(), "bytes", r.bytes(), "status", "complete"));
    return r;
  }

  public RetentionPlan plan(DatasetPolicy p) {
    return RetentionPlanner.plan(p.id(), snapshotsOf(p.id()), p.retention(), List.of(), state.holds(), state.annotations(),
        clock.instant());
  }

  public RetentionResult enforce(DatasetPolicy p, boolean dryRun) {
    RetentionPlan plan = plan(p);
    if (dryRun) {
      return new RetentionResult(plan, List.of(), List.of(), List.of(), null, true);
    }
    Map<String, Snapshot> byId = new HashMap<>();
    snapshotsOf(p.id()).forEach(s -> byId.put(s.id(), s));
    Instant now = clock.instant();
    List<RetentionExecutor.Applied> cold = new java.util.ArrayList<>();
    RetentionResult result = RetentionExecutor.apply(repository, state, plan, p.retention(), byId, now, PruneRequest.defaults(), a -> {
      if (a.decision().action() == dev.resilience.spi.RetentionRule.Action.DELETE) {
        evidence.record("retention-decision", p.tenant(), p.dataset(), a.snapshot().id(), decisionDetails(a, "delete", Map.of()));
      } else if (a.decision().action() == dev.resilience.spi.RetentionRule.Action.MOVE_TO_COLD) {
        cold.add(a); // recorded below, with the pack moves the run made
      }
      if (a.outcome().equals("deleted")) {
        evidence.record("deletion", p.tenant(), p.dataset(), a.snapshot().id(), Map.of(
            "ageMs", Duration.between(a.snapshot().startedAt(), now).toMillis(),
            "reason", String.join("; ", a.decision().reasons()), "rule", "retention"));
      }
    });
    Map<String, Object> moves = Map.of("packsToCold", result.tiers().packsToCold(), "packsToHot", result.tiers().packsToHot(),
        "bytesToCold", result.tiers().bytesToCold());
    for (RetentionExecutor.Applied a : cold) {
      evidence.record("retention-decision", p.tenant(), p.dataset(), a.snapshot().id(), decisionDetails(a, "cold", moves));
    }
    return result;
  }

  private static Map<String, Object> decisionDetails(RetentionExecutor.Applied a, String decision, Map<String, Object> extra) {
    Map<String, Object> d = new java.util.LinkedHashMap<>();
    d.put("decision", decision);
    d.put("outcome", a.outcome());
    d.put("rule", a.decision().reasons().get(0));
    d.put("reason", String.join("; ", a.decision().reasons()));
    d.putAll(extra);
    return d;
  }

  public LiveRetentionReport live(DatasetPolicy p, LiveDataRetention live, boolean dryRun, boolean archive, int batchSize) {
    RetentionSelection sel = live.select(clock.instant());
    if (dryRun || sel.count() == 0) {
      return new LiveRetentionReport(live.describe(), sel.cutoff(), sel.count(), sel.bytes(), null, 0, dryRun);
    }
    String archiveId = null;
    if (archive) {
      BackupTarget archiveTarget = new BackupTarget() {
        @Override
        public String name() {
          return "live-retention:" + p.id() + ":" + live.describe();
        }

        @Override
        public Set<Capability> capabilities() {
          return Set.of(Capability.FULL);
        }

        @Override
        public void backup(SnapshotWriter writer) {
          live.archive(sel, writer);
        }

        @Override
        public void restore(SnapshotReader reader) {
          throw new UnsupportedOperationException("restore an archive into a real target");
        }
      };
      Snapshot s = repository.backup(archiveTarget, BackupRequest.builder().full().tenant(p.tenant()).dataset(p.dataset())
          .classification(p.classification()).tag(BackupEngine.ARCHIVE_TAG, "live-retention")
          .tag("cutoff", sel.cutoff().toString()).build());
      archiveId = s.id();
    }
    long purged = live.purge(sel, batchSize);
    evidence.record("deletion", p.tenant(), p.dataset(), archiveId, Map.of("reason", sel.description(),
        "rule", live.describe(), "records", purged, "cutoff", sel.cutoff().toString()));
    return new LiveRetentionReport(live.describe(), sel.cutoff(), sel.count(), sel.bytes(), archiveId, purged, false);
  }

  public Map<String, Object> drillDetails(DrillResult r) {
    Map<String, Object> d = new TreeMap<>();
    d.put("durationMs", r.recoveryTime().toMillis());
    if (r.rto() != null) {
      d.put("rtoMs", r.rto().toMillis());
    }
    d.put("passed", r.passed());
    d.put("sandbox", r.sandbox());
    d.put("checks", r.verifications().size());
    return d;
  }

  /** Bytes in the repository's store (listing it; only when someone reads the meter). */
  public long repositorySize(boolean compute) {
    if (!compute) {
      return 0;
    }
    long total = 0;
    for (ObjectInfo o : repository.store().list("")) {
      total += o.size();
    }
    return total;
  }
}
