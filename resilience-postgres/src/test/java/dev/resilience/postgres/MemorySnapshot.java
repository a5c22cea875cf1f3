package dev.resilience.postgres;

import dev.resilience.spi.Entry;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A snapshot held in memory: the writer a target backs up into and the reader it restores from. */
final class MemorySnapshot implements SnapshotWriter, SnapshotReader {
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, byte[]> content = new ConcurrentHashMap<>();
  private final Map<String, String> metadata = new ConcurrentHashMap<>();
  private final MemorySnapshot parent;

  MemorySnapshot() {
    this(null);
  }

  /** An incremental snapshot on top of {@code parent}. */
  MemorySnapshot(MemorySnapshot parent) {
    this.parent = parent;
  }

  @Override
  public Optional<Entry> parentEntry(String path) {
    return parent == null ? Optional.empty() : Optional.ofNullable(parent.entries.get(path));
  }

  @Override
  public boolean reuseParent(Entry entry) {
    if (parent == null || !parent.entries.containsKey(entry.path())) {
      return false;
    }
    put(entry, parent.content.get(entry.path()));
    return true;
  }

  @Override
  public void add(Entry entry) {
    put(entry, new byte[0]);
  }

  @Override
  public void add(Entry entry, InputStream in) {
    try {
      put(entry, in.readAllBytes());
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
          put(entry, toByteArray());
        }
      }
    };
  }

  private void put(Entry entry, byte[] bytes) {
    if (entries.putIfAbsent(entry.path(), entry.withSize(bytes.length)) != null) {
      throw new IllegalStateException("entry added twice: " + entry.path());
    }
    content.put(entry.path(), bytes);
  }

  @Override
  public void putMetadata(String key, String value) {
    metadata.put(key, value);
  }

  @Override
  public List<Entry> entries() {
    return List.copyOf(new TreeMap<>(entries).values());
  }

  @Override
  public InputStream open(Entry entry) {
    return new ByteArrayInputStream(content.get(entry.path()));
  }

  @Override
  public Map<String, String> metadata() {
    return Map.copyOf(metadata);
  }

  @Override
  public int parallelism() {
    return 2;
  }

  /** A reader of only the entries whose paths start with one of {@code prefixes}. */
  SnapshotReader only(String... prefixes) {
    MemorySnapshot copy = new MemorySnapshot();
    for (Entry e : entries()) {
      for (String p : prefixes) {
        if (e.path().startsWith(p)) {
          copy.entries.put(e.path(), e);
          copy.content.put(e.path(), content.get(e.path()));
        }
      }
    }
    copy.metadata.putAll(metadata);
    return copy;
  }
}
