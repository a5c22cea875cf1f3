package dev.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Repository#prune} runs.
 *
 * @param dryRun report what would be removed without removing anything
 * @param repackThreshold a pack whose unused share is at least this (0..1) is rewritten with only its used blobs
 * @param safetyMargin objects younger than this are never removed, so backups running concurrently stay safe
 */
public record PruneRequest(boolean dryRun, double repackThreshold, Duration safetyMargin) {
  public PruneRequest {
    Objects.requireNonNull(safetyMargin, "safetyMargin");
    if (repackThreshold < 0 || repackThreshold > 1) {
      throw new IllegalArgumentException("repackThreshold must be 0..1, got " + repackThreshold);
    }
    if (safetyMargin.isNegative()) {
      throw new IllegalArgumentException("safetyMargin must not be negative");
    }
  }

  public static PruneRequest defaults() {
    return new PruneRequest(false, 0.5, Duration.ofHours(1));
  }

  public PruneRequest withDryRun(boolean dryRun) {
    return new PruneRequest(dryRun, repackThreshold, safetyMargin);
  }

  public PruneRequest withSafetyMargin(Duration margin) {
    return new PruneRequest(dryRun, repackThreshold, margin);
  }
}
