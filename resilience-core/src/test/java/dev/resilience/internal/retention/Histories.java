package dev.resilience.internal.retention;

import dev.resilience.BackupKind;
import dev.resilience.Classification;
import dev.resilience.Snapshot;
import dev.resilience.SnapshotStats;
import dev.resilience.SnapshotStatus;
import java.time.Instant;
import java.util.Map;

/** Builds snapshot histories for retention tests. */
final class Histories {
  private Histories() {}

  static Snapshot snapshot(String id, Instant startedAt, Map<String, String> tags) {
    return new Snapshot(id, null, "directory:/srv/data", "acme", "orders", Classification.FINANCIAL, BackupKind.FULL,
        startedAt, startedAt.plusSeconds(60), SnapshotStatus.COMPLETE, tags, new SnapshotStats(1, 1, 10, 10, 10, 1, 0),
        "00", Map.of());
  }
}
