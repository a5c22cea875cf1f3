package dev.resilience;

import dev.resilience.internal.target.ParentReuse;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A backup target that holds named byte arrays (with directories and links) in memory: for tests, demos
 * and quickstarts. Thread-safe. Files get the clock's time as modification time when put; an incremental
 * backup reuses files whose size, mtime and mode equal the parent's. {@link #restore} adds the snapshot's
 * entries, replacing entries with the same path. Build one with {@link BackupTargets#inMemory()}.
 */
public final class InMemoryBackupTarget implements BackupTarget {
  private record Item(Entry entry, byte[] content) {}

  private final String name;
  private final Clock clock;
  private final ConcurrentSkipListMap<String, Item> items = new ConcurrentSkipListMap<>();

  /**
   * @param name identity of this target (snapshots of the same name form an incremental chain)
   * @param clock time source for the modification times of entries that are put
   */
  public InMemoryBackupTarget(String name, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Puts (or replaces) a file with mode {@code 0644}. */
  public InMemoryBackupTarget putFile(String path, byte[] content) {
    return putFile(path, content, 0644);
  }

  /** Puts (or replaces) a file with the given permission bits (or null). */
  public InMemoryBackupTarget putFile(String path, byte[] content, Integer mode) {
    Objects.requireNonNull(content, "content");
    Entry e = Entry.file(path, content.length, clock.instant()).withMode(mode);
    items.put(e.path(), new Item(e, content.clone()));
    return this;
  }

  public InMemoryBackupTarget putDirectory(String path) {
    Entry e = Entry.directory(path, clock.instant()).withMode(0755);
    items.put(e.path(), new Item(e, null));
    return this;
  }

  public InMemoryBackupTarget putSymlink(String path, String linkTarget) {
    Entry e = Entry.symlink(path, linkTarget, clock.instant());
    items.put(e.path(), new Item(e, null));
    return this;
  }

  /** Removes an entry; returns whether it existed. */
  public boolean remove(String path) {
    return items.remove(path) != null;
  }

  /** A copy of a file's content, or empty if there is no file at {@code path}. */
  public Optional<byte[]> content(String path) {
    Item item = items.get(path);
    return item == null || item.content() == null ? Optional.empty() : Optional.of(item.content().clone());
  }

  /** Every entry, sorted by path. */
  public List<Entry> entries() {
    List<Entry> list = new ArrayList<>();
    items.values().forEach(i -> list.add(i.entry()));
    return list;
  }

  /** Copies of the file contents by path, sorted. */
  public Map<String, byte[]> files() {
    Map<String, byte[]> files = new java.util.TreeMap<>();
    items.forEach((p, i) -> {
      if (i.content() != null) {
        files.put(p, i.content().clone());
      }
    });
    return files;
  }

  @Override
  public String name() {
    return "memory:" + name;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.FULL, Capability.INCREMENTAL, Capability.CONSISTENT_SNAPSHOT, Capability.SANDBOX);
  }

  @Override
  public void backup(SnapshotWriter writer) {
    for (Item item : new ArrayList<>(items.values())) {
      Entry e = item.entry();
      if (e.type() != EntryType.FILE) {
        writer.add(e);
      } else if (!ParentReuse.reuseIfUnchanged(writer, e)) {
        writer.add(e, new ByteArrayInputStream(item.content()));
      }
    }
  }

  @Override
  public void restore(SnapshotReader reader) {
    for (Entry e : reader.entries()) {
      byte[] content = null;
      if (e.type() == EntryType.FILE) {
        try (InputStream in = reader.open(e)) {
          content = in.readAllBytes();
        } catch (IOException ex) {
          throw new StoreUnavailableException("cannot read entry '" + e.path() + "' to restore: " + ex, ex);
        }
      }
      Entry stored = new Entry(e.path(), e.type(), content == null ? e.size() : content.length, e.modified(), e.mode(),
          e.linkTarget(), null, e.attributes());
      items.put(e.path(), new Item(stored, content));
    }
  }

  @Override
  public Optional<Sandbox> openSandbox() {
    InMemoryBackupTarget fresh = new InMemoryBackupTarget(name + "-sandbox", clock);
    return Optional.of(new Sandbox() {
      @Override
      public BackupTarget target() {
        return fresh;
      }

      @Override
      public String describe() {
        return "in-memory sandbox " + fresh.name();
      }

      @Override
      public void close() {
        fresh.items.clear();
      }
    });
  }

  @Override
  public String toString() {
    return "InMemoryBackupTarget[" + name + ", " + items.size() + " entries]";
  }
}
