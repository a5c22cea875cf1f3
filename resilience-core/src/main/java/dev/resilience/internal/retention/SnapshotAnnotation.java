package dev.resilience.internal.retention;

import dev.resilience.spi.StorageTier;
import java.time.Instant;
import java.util.Objects;

/**
 * What the engine records about a snapshot besides its manifest: the tier retention moved it to and the
 * WORM lock end. Stored as {@code annotations/<snapshot id>.json} in the repository's object store.
 */
public record SnapshotAnnotation(String snapshotId, StorageTier tier, Instant retainUntil, Instant tierChangedAt) {
  public SnapshotAnnotation {
    Objects.requireNonNull(snapshotId, "snapshotId");
    tier = tier == null ? StorageTier.HOT : tier;
  }

  public static SnapshotAnnotation hot(String snapshotId) {
    return new SnapshotAnnotation(snapshotId, StorageTier.HOT, null, null);
  }

  public SnapshotAnnotation withTier(StorageTier t, Instant at) {
    return new SnapshotAnnotation(snapshotId, t, retainUntil, at);
  }

  /** Extends (never shortens) the WORM lock. */
  public SnapshotAnnotation lockedUntil(Instant until) {
    Instant u = retainUntil == null || until.isAfter(retainUntil) ? until : retainUntil;
    return new SnapshotAnnotation(snapshotId, tier, u, tierChangedAt);
  }
}
