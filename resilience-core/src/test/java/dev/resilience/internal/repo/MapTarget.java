package dev.resilience.internal.repo;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A tiny map-backed target for repository tests: path → content (null content = directory). */
final class MapTarget implements BackupTarget {
  private final String name;
  final Map<String, byte[]> files = new TreeMap<>();
  final Map<String, Instant> mtimes = new TreeMap<>();
  int read;

  MapTarget(String name) {
    this.name = name;
  }

  MapTarget put(String path, byte[] content) {
    files.put(path, content);
    mtimes.put(path, Instant.ofEpochSecond(1_700_000_000L + files.size()));
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.FULL, Capability.INCREMENTAL);
  }

  @Override
  public void backup(SnapshotWriter writer) {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      String path = e.getKey();
      if (e.getValue() == null) {
        writer.add(Entry.directory(path, mtimes.get(path)));
        continue;
      }
      Entry entry = Entry.file(path, e.getValue().length, mtimes.get(path)).withMode(0644);
      Optional<Entry> parent = writer.parentEntry(path);
      if (parent.isPresent() && parent.get().size() == entry.size() && mtimes.get(path).equals(parent.get().modified())
          && writer.reuseParent(entry)) {
        continue;
      }
      read++;
      writer.add(entry, new ByteArrayInputStream(e.getValue()));
    }
  }

  @Override
  public void restore(SnapshotReader reader) {
    files.clear();
    for (Entry e : reader.entries()) {
      if (e.type() == EntryType.DIRECTORY) {
        files.put(e.path(), null);
      } else if (e.type() == EntryType.FILE) {
        try (InputStream in = reader.open(e)) {
          files.put(e.path(), in.readAllBytes());
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }
      mtimes.put(e.path(), e.modified());
    }
  }
}
