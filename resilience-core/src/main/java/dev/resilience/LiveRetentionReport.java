package dev.resilience;

import java.time.Instant;

/**
 * What live-data retention found and did for one {@link dev.resilience.spi.LiveDataRetention}.
 *
 * @param description what the retention covers
 * @param cutoff records older than this were expired
 * @param selected records found expired
 * @param selectedBytes their size, or {@code -1}
 * @param archiveSnapshotId the snapshot that archived them first, or {@code null}
 * @param purged records removed (0 in a dry run)
 * @param dryRun whether nothing was changed
 */
public record LiveRetentionReport(
    String description, Instant cutoff, long selected, long selectedBytes, String archiveSnapshotId, long purged,
    boolean dryRun) {}
