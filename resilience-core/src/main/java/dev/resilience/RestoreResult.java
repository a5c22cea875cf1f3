package dev.resilience;

import java.time.Duration;

/**
 * Result of {@link Repository#restore}.
 *
 * @param snapshot the restored snapshot
 * @param entries entries restored
 * @param bytes content bytes restored
 * @param duration wall time of the restore
 */
public record RestoreResult(Snapshot snapshot, long entries, long bytes, Duration duration) {}
