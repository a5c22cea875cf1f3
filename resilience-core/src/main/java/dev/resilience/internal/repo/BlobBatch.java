package dev.resilience.internal.repo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sealed bytes of several small blobs, read together: blobs that lie close to each other in the same pack
 * (the chunks of one directory's small files, which a backup writes side by side) are read with one ranged
 * read per stretch instead of one read each. When the packs are not in the page cache, as right after a
 * backup that wrote them with direct I/O, that is one device read instead of dozens; on a remote store, one
 * request. The bytes are only read here: each blob is still authenticated when it is opened.
 *
 * <p>A blob the index does not know, or whose stretch cannot be read, is left out, so that its own read
 * reports the problem as it always did. Not thread-safe: a batch belongs to the thread that reads the files.
 */
final class BlobBatch {
  /** Bytes between two blobs of a pack up to which they are still read as one stretch. */
  static final int GAP = 64 * 1024;
  /** Longest stretch read at once. */
  static final int MAX_STRETCH = 4 << 20;
  /** Blobs larger than this are not batched: their own reads are large already. */
  static final int MAX_BLOB = 256 * 1024;
  /** Most bytes a batch holds; blobs past it are left to their own reads. */
  static final int MAX_BYTES = 8 << 20;

  /** Where a blob's sealed bytes are in a stretch. */
  record Slot(RepositoryIndex.Location location, byte[] buffer, int offset) {}

  private final Map<BlobId, Slot> slots = new HashMap<>();
  private final List<byte[]> buffers = new ArrayList<>();
  private final BufferPool pool;

  private BlobBatch(BufferPool pool) {
    this.pool = pool;
  }

  /**
   * Reads the sealed bytes of {@code ids} (duplicates allowed) in stretches, through {@code loader}'s pack
   * reads, into arrays from {@code pool}. Returns an empty batch if no two blobs share a stretch.
   */
  static BlobBatch read(BlobLoader loader, List<BlobId> ids, BufferPool pool) {
    BlobBatch batch = new BlobBatch(pool);
    List<RepositoryIndex.Location> found = new ArrayList<>();
    Set<BlobId> seen = new HashSet<>();
    long bytes = 0;
    for (BlobId id : ids) {
      if (!seen.add(id)) {
        continue;
      }
      RepositoryIndex.Location loc = loader.index().find(id);
      if (loc == null || loc.entry().length() > MAX_BLOB || bytes + loc.entry().length() > MAX_BYTES) {
        continue;
      }
      bytes += loc.entry().length();
      found.add(loc);
    }
    found.sort(Comparator.comparing((RepositoryIndex.Location l) -> l.pack().key())
        .thenComparingLong(l -> l.entry().offset()));
    int i = 0;
    while (i < found.size()) {
      RepositoryIndex.Location first = found.get(i);
      long start = first.entry().offset();
      long end = start + first.entry().length();
      int j = i + 1;
      while (j < found.size()) {
        RepositoryIndex.Location next = found.get(j);
        long nextEnd = next.entry().offset() + next.entry().length();
        if (!next.pack().key().equals(first.pack().key()) || next.entry().offset() - end > GAP
            || nextEnd - start > MAX_STRETCH) {
          break;
        }
        end = Math.max(end, nextEnd);
        j++;
      }
      if (j - i > 1) {
        batch.readStretch(loader, found.subList(i, j), start, (int) (end - start));
      }
      i = j;
    }
    return batch;
  }

  private void readStretch(BlobLoader loader, List<RepositoryIndex.Location> blobs, long start, int length) {
    byte[] buffer = pool.take(length);
    try {
      loader.readRange(blobs.get(0).pack(), start, buffer, length);
    } catch (RuntimeException e) {
      // A missing or short pack: each blob's own read reports it, naming the file that needs it.
      pool.give(buffer);
      return;
    }
    buffers.add(buffer);
    for (RepositoryIndex.Location loc : blobs) {
      slots.put(loc.entry().id(), new Slot(loc, buffer, (int) (loc.entry().offset() - start)));
    }
  }

  /** Where the blob's sealed bytes are, or null if it is not in this batch. */
  Slot find(BlobId id) {
    return slots.get(id);
  }

  boolean isEmpty() {
    return slots.isEmpty();
  }

  /** Gives the arrays back to the pool; the batch holds nothing afterwards. */
  void release() {
    slots.clear();
    for (byte[] b : buffers) {
      pool.give(b);
    }
    buffers.clear();
  }
}
