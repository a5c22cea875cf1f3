package dev.resilience.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Receives a target's content during {@link BackupTarget#backup}. The repository chunks, deduplicates,
 * compresses, encrypts and uploads what it is given; bandwidth limits and progress events are applied
 * here, so targets need not care.
 *
 * <p>Thread-safe: a target may add entries from several threads. Each path may be added once. Entries
 * may be added in any order; the snapshot lists them sorted by path.
 */
public interface SnapshotWriter {

  /**
   * The entry with this path in the parent snapshot (the previous backup of the same target), if this
   * is an incremental backup and the parent had it. Targets compare size, modification time and
   * attributes to decide whether content changed.
   */
  Optional<Entry> parentEntry(String path);

  /**
   * Records {@code entry} with the content of the parent snapshot's entry at the same path, without
   * reading any bytes. Returns {@code false} (and records nothing) if the parent has no such file entry;
   * the target must then add the content itself.
   */
  boolean reuseParent(Entry entry);

  /** Records an entry without content: a directory or a symlink. */
  void add(Entry entry);

  /**
   * Records a file entry with content read from {@code content} to its end. The stream is not closed.
   * The recorded size is the number of bytes read.
   */
  void add(Entry entry, InputStream content);

  /**
   * Records a file entry whose content is written to the returned stream; the entry is recorded when
   * the stream is closed. Convenient for drivers that write (e.g. PostgreSQL {@code COPY TO STDOUT}).
   */
  OutputStream create(Entry entry);

  /** Snapshot-level metadata (e.g. an LSN, a server version, objects not captured). */
  void putMetadata(String key, String value);
}
