package dev.resilience;

import dev.resilience.spi.RetentionRule.Action;
import dev.resilience.spi.StorageTier;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What retention would do to a dataset's snapshots at {@code now}: every snapshot with its action and
 * every reason that led to it. Computed without changing anything (a dry run); applying it executes
 * exactly this plan.
 *
 * @param dataset {@code tenant/dataset} (or the target name for snapshots without a dataset)
 * @param now the instant the plan was computed for
 * @param decisions one per snapshot, newest first
 */
public record RetentionPlan(String dataset, Instant now, List<Decision> decisions) {
  public RetentionPlan {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(now, "now");
    decisions = List.copyOf(decisions);
  }

  public List<Decision> toDelete() {
    return decisions.stream().filter(d -> d.action() == Action.DELETE).toList();
  }

  public List<Decision> toMove() {
    return decisions.stream().filter(d -> d.action() == Action.MOVE_TO_COLD).toList();
  }

  public List<Decision> toKeep() {
    return decisions.stream().filter(d -> d.action() != Action.DELETE).toList();
  }

  /** The decision on one snapshot. */
  public java.util.Optional<Decision> decision(String snapshotId) {
    return decisions.stream().filter(d -> d.snapshotId().equals(snapshotId)).findFirst();
  }

  /** A plain-text table for dry runs: one line per snapshot with action and reasons. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("retention plan for ").append(dataset).append(" at ").append(now).append(": ")
        .append(toKeep().size() - toMove().size()).append(" keep, ").append(toMove().size()).append(" move to cold, ")
        .append(toDelete().size()).append(" delete\n");
    for (Decision d : decisions) {
      sb.append(String.format("%-12s %-20s %-6s %s%n", d.action(), d.takenAt(), d.tier(), String.join("; ", d.reasons())));
    }
    return sb.toString();
  }

  /**
   * One snapshot's fate.
   *
   * @param snapshotId the snapshot
   * @param takenAt when the snapshot started
   * @param tier the tier it is in now
   * @param action keep, move to cold, or delete
   * @param reasons every reason, e.g. {@code keep-daily 7: newest of 2026-11-20}, {@code legal hold case-42: litigation}
   * @param protectedBy non-empty when a legal hold or WORM lock forbids deleting it (ids / lock end)
   */
  public record Decision(
      String snapshotId, Instant takenAt, StorageTier tier, Action action, List<String> reasons, List<String> protectedBy) {
    public Decision {
      Objects.requireNonNull(snapshotId, "snapshotId");
      Objects.requireNonNull(takenAt, "takenAt");
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(action, "action");
      reasons = List.copyOf(reasons);
      protectedBy = List.copyOf(protectedBy);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a retention decision needs a reason: " + snapshotId);
      }
      if (action == Action.DELETE && !protectedBy.isEmpty()) {
        throw new IllegalStateException("snapshot " + snapshotId + " is protected by " + protectedBy + " and cannot be deleted");
      }
    }
  }
}
