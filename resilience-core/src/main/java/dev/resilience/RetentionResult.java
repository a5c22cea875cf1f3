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
 */
public record RetentionResult(
    RetentionPlan plan, List<String> deleted, List<String> movedToCold, List<String> refused, PruneReport prune,
    boolean dryRun) {
  public RetentionResult {
    deleted = List.copyOf(deleted);
    movedToCold = List.copyOf(movedToCold);
    refused = List.copyOf(refused);
  }
}
