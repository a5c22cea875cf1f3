package dev.resilience;

import java.util.List;

/**
 * What enforcing retention did.
 *
 * @param plan the plan that was executed (or only computed, in a dry run)
 * @param deleted snapshots forgotten
 * @param movedToCold snapshots recorded as cold (and whose data was moved, where the store supports it)
 * @param refused snapshots the plan would delete but a hold or lock placed since protects, with why
 * @param prune what prune freed afterwards, or {@code null} (dry run, or nothing deleted)
 * @param dryRun whether nothing was changed
 * @param tiers data packs moved between the hot and cold tiers afterwards ({@link Repository#applyTiers} with
 *     every snapshot recorded as cold), or {@code null} in a dry run
 */
public record RetentionResult(
    RetentionPlan plan, List<String> deleted, List<String> movedToCold, List<String> refused, PruneReport prune,
    boolean dryRun, TierReport tiers) {
  public RetentionResult {
    deleted = List.copyOf(deleted);
    movedToCold = List.copyOf(movedToCold);
    refused = List.copyOf(refused);
  }

  /** A result without tier moves (a dry run). */
  public RetentionResult(RetentionPlan plan, List<String> deleted, List<String> movedToCold, List<String> refused,
      PruneReport prune, boolean dryRun) {
    this(plan, deleted, movedToCold, refused, prune, dryRun, null);
  }
}
