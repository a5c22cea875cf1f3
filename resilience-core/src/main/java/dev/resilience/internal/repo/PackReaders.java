package dev.resilience.internal.repo;

import dev.resilience.spi.ObjectStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Packs kept open for the reads of one restore ({@link ObjectStore#openRangeReader}). A restore reads tens
 * of thousands of blobs from a few dozen packs; on a local disk, opening the pack file for every blob was a
 * tenth of the restore's system time. Each thread keeps its own few most recently used packs open (so no
 * reader is ever closed under another thread), and {@link #close} closes them all when the restore ends.
 */
final class PackReaders implements AutoCloseable {
  private final ObjectStore store;
  private final int perThread;
  private final List<Map<String, ObjectStore.RangeReader>> all = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Map<String, ObjectStore.RangeReader>> mine;
  private volatile boolean closed;

  PackReaders(ObjectStore store, int perThread) {
    if (perThread < 1) {
      throw new IllegalArgumentException("perThread must be >= 1");
    }
    this.store = store;
    this.perThread = perThread;
    this.mine = ThreadLocal.withInitial(() -> {
      Map<String, ObjectStore.RangeReader> m = new LinkedHashMap<>(2 * perThread, 0.75f, true);
      all.add(m);
      return m;
    });
  }

  /** Reads {@code [offset, offset + length)} of {@code pack} into {@code dst[0..length)}. */
  void read(String pack, long offset, byte[] dst, int length) {
    if (closed) {
      store.read(pack, offset, dst, 0, length);
      return;
    }
    Map<String, ObjectStore.RangeReader> open = mine.get();
    ObjectStore.RangeReader reader;
    synchronized (open) {
      reader = open.get(pack);
      if (reader == null) {
        reader = store.openRangeReader(pack);
        open.put(pack, reader);
        Iterator<ObjectStore.RangeReader> eldest = open.values().iterator();
        while (open.size() > perThread) {
          eldest.next().close();
          eldest.remove();
        }
      }
    }
    try {
      reader.read(offset, dst, 0, length);
    } catch (RuntimeException e) {
      // A reader that failed (missing or damaged pack) is not kept: the next read opens afresh.
      synchronized (open) {
        if (open.remove(pack, reader)) {
          reader.close();
        }
      }
      throw e;
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Map<String, ObjectStore.RangeReader> open : all) {
      synchronized (open) {
        for (ObjectStore.RangeReader r : open.values()) {
          r.close();
        }
        open.clear();
      }
    }
  }
}
