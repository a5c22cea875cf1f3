package dev.resilience.internal.target;

import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotWriter;
import java.util.Objects;
import java.util.Optional;

/** The incremental rule of file-like targets: same size, mtime and mode as the parent's entry means unchanged. */
public final class ParentReuse {
  private ParentReuse() {}

  /**
   * Records {@code entry} with the parent's content if the parent snapshot has a file at the same path with
   * the same size, modification time and mode. Returns {@code false} if the content must be read.
   */
  public static boolean reuseIfUnchanged(SnapshotWriter writer, Entry entry) {
    Optional<Entry> parent = writer.parentEntry(entry.path());
    return parent.isPresent()
        && parent.get().type() == EntryType.FILE
        && parent.get().size() == entry.size()
        && Objects.equals(parent.get().modified(), entry.modified())
        && Objects.equals(parent.get().mode(), entry.mode())
        && writer.reuseParent(entry);
  }
}
