package dev.resilience.testkit;

import dev.resilience.NotFoundException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A snapshot held in memory, for testing {@link dev.resilience.spi.BackupTarget}s without a repository:
 * {@link #writer()} records what a backup hands over (enforcing the writer contract: each path once,
 * {@link SnapshotWriter#reuseParent} only for a parent file), {@link #reader} replays it for a restore, and
 * the sets of reused and read paths show what an incremental backup did.
 */
public final class InMemorySnapshot {
  private record Stored(Entry entry, byte[] content) {}

  private final InMemorySnapshot parent;
  private final ConcurrentSkipListMap<String, Stored> entries = new ConcurrentSkipListMap<>();
  private final Map<String, String> metadata = new ConcurrentHashMap<>();
  private final Set<String> reused = ConcurrentHashMap.newKeySet();
  private final Set<String> read = ConcurrentHashMap.newKeySet();

  private InMemorySnapshot(InMemorySnapshot parent) {
    this.parent = parent;
  }

  /** An empty snapshot without a parent (a full backup). */
  public static InMemorySnapshot full() {
    return new InMemorySnapshot(null);
  }

  /** An empty snapshot whose writer offers {@code parent}'s entries for reuse. */
  public static InMemorySnapshot incremental(InMemorySnapshot parent) {
    return new InMemorySnapshot(parent);
  }

  /** Paths recorded through {@link SnapshotWriter#reuseParent}. */
  public Set<String> reusedPaths() {
    return Set.copyOf(reused);
  }

  /** Paths whose content the target handed over (read from the source). */
  public Set<String> readPaths() {
    return Set.copyOf(read);
  }

  /** The recorded entries, sorted by path. */
  public List<Entry> entries() {
    List<Entry> list = new ArrayList<>();
    entries.values().forEach(s -> list.add(s.entry()));
    return list;
  }

  /** A recorded file's content. */
  public byte[] content(String path) {
    Stored s = entries.get(path);
    if (s == null || s.content() == null) {
      throw new NotFoundException("no file entry '" + path + "' in the snapshot");
    }
    return s.content().clone();
  }

  public Map<String, String> metadata() {
    return new TreeMap<>(metadata);
  }

  /** The writer a target's backup fills. Thread-safe. */
  public SnapshotWriter writer() {
    return new SnapshotWriter() {
      @Override
      public Optional<Entry> parentEntry(String path) {
        if (parent == null) {
          return Optional.empty();
        }
        Stored s = parent.entries.get(path);
        return s == null ? Optional.empty() : Optional.of(s.entry());
      }

      @Override
      public boolean reuseParent(Entry entry) {
        Stored p = parent == null ? null : parent.entries.get(entry.path());
        if (p == null || p.entry().type() != EntryType.FILE || entry.type() != EntryType.FILE) {
          return false;
        }
        record(entry.withSize(p.content().length), p.content());
        reused.add(entry.path());
        return true;
      }

      @Override
      public void add(Entry entry) {
        if (entry.type() == EntryType.FILE) {
          throw new IllegalArgumentException("file entry '" + entry.path() + "' needs content");
        }
        record(entry, null);
      }

      @Override
      public void add(Entry entry, InputStream content) {
        if (entry.type() != EntryType.FILE) {
          throw new IllegalArgumentException("only file entries have content: '" + entry.path() + "'");
        }
        try {
          byte[] bytes = content.readAllBytes();
          record(entry.withSize(bytes.length), bytes);
          read.add(entry.path());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public OutputStream create(Entry entry) {
        return new ByteArrayOutputStream() {
          private boolean closed;

          @Override
          public void close() {
            if (!closed) {
              closed = true;
              add(entry, new ByteArrayInputStream(toByteArray()));
            }
          }
        };
      }

      @Override
      public void putMetadata(String key, String value) {
        metadata.put(key, value);
      }
    };
  }

  private void record(Entry entry, byte[] content) {
    if (entries.putIfAbsent(entry.path(), new Stored(entry, content)) != null) {
      throw new IllegalStateException("path added twice: '" + entry.path() + "'");
    }
  }

  /** A reader over every recorded entry. */
  public SnapshotReader reader(int parallelism) {
    List<Entry> all = entries();
    return new SnapshotReader() {
      @Override
      public List<Entry> entries() {
        return all;
      }

      @Override
      public InputStream open(Entry entry) {
        return new ByteArrayInputStream(content(entry.path()));
      }

      @Override
      public Map<String, String> metadata() {
        return InMemorySnapshot.this.metadata();
      }

      @Override
      public int parallelism() {
        return parallelism;
      }
    };
  }
}
