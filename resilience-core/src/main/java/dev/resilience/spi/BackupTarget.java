package dev.resilience.spi;

import java.util.Optional;
import java.util.Set;

/**
 * A datastore that can be backed up and restored: a directory, a PostgreSQL database, a Redis server,
 * an S3 prefix, an analytics database.
 *
 * <p><b>Contract.</b> {@link #backup} streams the store's content into the writer as named entries; for an
 * incremental backup it consults {@link SnapshotWriter#parentEntry} and calls
 * {@link SnapshotWriter#reuseParent} for unchanged entries instead of reading them. {@link #restore} writes
 * the reader's entries into the place this target points at (restore into another place by building
 * another target, or into {@link #openSandbox()}). Neither method logs or throws secrets. Failures are
 * {@link dev.resilience.ResilienceException}s: {@link dev.resilience.StoreUnavailableException} when the
 * store cannot be reached, {@link dev.resilience.AccessDeniedException} naming a missing privilege.
 */
public interface BackupTarget {

  /**
   * Stable identity of the backed-up thing (e.g. {@code directory:/srv/data}, {@code postgres://host/db}),
   * used to find the parent of an incremental backup. Contains no credentials.
   */
  String name();

  /** What this target can do. */
  Set<Capability> capabilities();

  /** Streams the current content into {@code writer}. */
  void backup(SnapshotWriter writer);

  /**
   * A hint that {@link #backup} follows soon: the target may start work that needs no repository (listing
   * a directory tree or a bucket, connecting), so that it overlaps with opening the repository and loading
   * the parent snapshot. The next {@code backup} uses what was started; calling this twice, or not
   * following it with a backup, does no harm. The default does nothing.
   */
  default void prepareBackup() {}

  /** Writes the reader's entries into the place this target points at. */
  void restore(SnapshotReader reader);

  /** A fresh, isolated sandbox of the same kind, if {@link Capability#SANDBOX} is supported. */
  default Optional<Sandbox> openSandbox() {
    return Optional.empty();
  }
}
