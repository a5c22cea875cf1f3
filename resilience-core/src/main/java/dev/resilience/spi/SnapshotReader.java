package dev.resilience.spi;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Reads a snapshot's content during {@link BackupTarget#restore}. Every byte handed out has been
 * authenticated and its chunk hash checked; damaged data fails with {@link dev.resilience.IntegrityException},
 * never with wrong bytes. Bandwidth limits and progress are applied here.
 *
 * <p>Thread-safe: a target should restore entries in parallel, up to {@link #parallelism()} at once.
 */
public interface SnapshotReader {

  /** The selected entries (all, or those matching the restore request's paths), sorted by path. */
  List<Entry> entries();

  /** Opens a file entry's content. */
  InputStream open(Entry entry);

  /** Snapshot-level metadata written with {@link SnapshotWriter#putMetadata}. */
  Map<String, String> metadata();

  /** How many entries the target should restore concurrently. */
  int parallelism();
}
