package dev.resilience.spi;

import java.time.Instant;

/**
 * Retention of live data in a store itself (not of backups): files under a path older than N days,
 * rows older than N by a timestamp column, expired keys, objects under a prefix, partitions.
 *
 * <p><b>Contract.</b> The engine calls {@link #select} (a dry run stops here and reports the selection),
 * then optionally {@link #archive} into a snapshot, then {@link #purge}. {@code select} changes nothing.
 * {@code archive} writes exactly the records {@code purge} will remove. {@code purge} removes them in
 * bounded batches so production is not blocked, never touches a record that was not expired at the
 * selection's cutoff, and is safe to repeat after an interruption.
 */
public interface LiveDataRetention {

  /** What this retention does, for plans ("files under /srv/uploads older than 30 days"). */
  String describe();

  /** Finds what is expired at {@code now}; changes nothing. */
  RetentionSelection select(Instant now);

  /** Writes the selected records into {@code writer}, to be kept as an archive snapshot. */
  void archive(RetentionSelection selection, SnapshotWriter writer);

  /** Removes the selected records in batches of at most {@code batchSize}; returns how many were removed. */
  long purge(RetentionSelection selection, int batchSize);
}
