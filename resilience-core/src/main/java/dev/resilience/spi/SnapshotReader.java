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

  /**
   * Tells the reader that the calling thread will {@link #open} these file entries next. A reader may then
   * fetch their content together: the repository's reader reads small files' chunks that lie close together
   * in the same pack with one ranged read instead of one read each, which matters when the packs are not in
   * the page cache or the store is remote. A hint only: entries may still be opened in any order, on any
   * thread, or not at all, and a problem with an entry's data is reported when it is opened, not here. The
   * fetched data is held until the thread has opened all of them or calls this method again. The default
   * does nothing.
   */
  default void prefetch(List<Entry> entries) {}

  /** Snapshot-level metadata written with {@link SnapshotWriter#putMetadata}. */
  Map<String, String> metadata();

  /** How many entries the target should restore concurrently. */
  int parallelism();
}
