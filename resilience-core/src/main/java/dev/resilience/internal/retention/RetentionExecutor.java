package dev.resilience.internal.retention;

import dev.resilience.LegalHold;
import dev.resilience.PruneReport;
import dev.resilience.PruneRequest;
import dev.resilience.Repository;
import dev.resilience.RetentionPlan;
import dev.resilience.RetentionPlan.Decision;
import dev.resilience.RetentionPolicy;
import dev.resilience.RetentionResult;
import dev.resilience.Snapshot;
import dev.resilience.TierReport;
import dev.resilience.spi.StorageTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Executes a retention plan: records moves to the cold tier, forgets deleted snapshots, then prunes.
 * Right before each deletion the holds and WORM locks are read again, so a hold placed after the plan
 * was made still protects. Deleting is never done for a decision that carries protection.
 *
 * <p>Cold tier: a move is recorded in the snapshot's annotation (reported in status and evidence). Packs are
 * shared by deduplication across snapshots, so data moves per pack: after the plan (and prune), the
 * repository places every data pack that only cold snapshots (of any dataset) reference in the cold tier, and
 * brings back to hot any a hot snapshot references ({@link Repository#applyTiers}).
 */
public final class RetentionExecutor {
  /** What happened to one snapshot, for evidence. */
  public record Applied(Snapshot snapshot, Decision decision, String outcome) {}

  private RetentionExecutor() {}

  public static RetentionResult apply(Repository repository, RetentionStore state, RetentionPlan plan, RetentionPolicy policy,
      Map<String, Snapshot> snapshots, Instant now, PruneRequest prune, Consumer<Applied> applied) {
    List<String> deleted = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Decision d : plan.decisions()) {
      Snapshot s = snapshots.get(d.snapshotId());
      switch (d.action()) {
        case MOVE_TO_COLD -> {
          state.putAnnotation(state.annotation(d.snapshotId()).withTier(StorageTier.COLD, now));
          moved.add(d.snapshotId());
          applied.accept(new Applied(s, d, "cold"));
        }
        case DELETE -> {
          Optional<String> protection = protection(state, policy, s, now);
          if (protection.isPresent()) {
            refused.add(d.snapshotId() + ": " + protection.get());
            applied.accept(new Applied(s, d, "refused: " + protection.get()));
          } else {
            repository.forget(d.snapshotId());
            state.deleteAnnotation(d.snapshotId());
            deleted.add(d.snapshotId());
            applied.accept(new Applied(s, d, "deleted"));
          }
        }
        case KEEP -> applied.accept(new Applied(s, d, "kept"));
      }
    }
    PruneReport report = deleted.isEmpty() ? null : repository.prune(prune);
    Set<String> cold = new HashSet<>();
    state.annotations().values().forEach(a -> {
      if (a.tier() == StorageTier.COLD) {
        cold.add(a.snapshotId());
      }
    });
    TierReport tiers = repository.applyTiers(cold);
    return new RetentionResult(plan, deleted, moved, refused, report, false, tiers);
  }

  private static Optional<String> protection(RetentionStore state, RetentionPolicy policy, Snapshot s, Instant now) {
    for (LegalHold h : state.holds()) {
      if (h.matches(s)) {
        return Optional.of("legal hold " + h.id());
      }
    }
    Instant lock = RetentionPlanner.wormLock(s, policy, state.annotation(s.id()));
    if (lock != null && lock.isAfter(now)) {
      return Optional.of("WORM until " + lock);
    }
    return Optional.empty();
  }
}
