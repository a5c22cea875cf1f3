package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;

/** Fetches single blobs by id: index lookup, ranged read of the pack, authenticate, decompress, id check. */
final class BlobLoader {
  private final RepoContext ctx;
  private final RepositoryIndex index;
  private final PackWindows windows;
  private final PackReaders readers;

  BlobLoader(RepoContext ctx, RepositoryIndex index) {
    this(ctx, index, null, null);
  }

  /**
   * With {@code windows}, small blobs are copied out of shared stretches of their packs (see {@link PackWindows});
   * with {@code readers}, packs stay open between reads (see {@link PackReaders}). Either may be null.
   */
  BlobLoader(RepoContext ctx, RepositoryIndex index, PackWindows windows, PackReaders readers) {
    this.ctx = ctx;
    this.index = index;
    this.windows = windows;
    this.readers = readers;
  }

  RepositoryIndex index() {
    return index;
  }

  /**
   * Like {@link #load}, but with arrays from {@code pool}: the first {@code rawLength} bytes of the result
   * (see {@link Loaded}) are the blob; give the array back to the pool when done. {@code checkId} as in
   * {@link BlobCodec#openPooled}.
   */
  Loaded loadPooled(BlobId id, String referencedBy, BufferPool pool, boolean checkId) {
    return loadPooled(id, referencedBy, pool, checkId, null);
  }

  /** Like {@link #loadPooled(BlobId, String, BufferPool, boolean)}, from {@code batch} if it holds the blob. */
  Loaded loadPooled(BlobId id, String referencedBy, BufferPool pool, boolean checkId, BlobBatch batch) {
    BlobBatch.Slot slot = batch == null ? null : batch.find(id);
    if (slot != null) {
      PackEntry e = slot.location().entry();
      String key = slot.location().pack().key();
      return new Loaded(ctx.codec().openPooled(e, slot.buffer(), slot.offset(), key, pool, checkId), e.rawLength());
    }
    RepositoryIndex.Location loc = index.find(id);
    if (loc == null) {
      throw new IntegrityException(referencedBy + ": blob " + id.hex().substring(0, 16) + " is not in the index");
    }
    PackEntry e = loc.entry();
    String key = loc.pack().key();
    byte[] sealed = pool.take(e.length());
    try {
      try {
        readSealed(loc.pack(), e, sealed);
      } catch (NotFoundException ex) {
        throw new IntegrityException(key + ": pack is missing (needed by " + referencedBy + ")");
      } catch (IllegalArgumentException ex) {
        throw new IntegrityException(key + ": pack is shorter than the index says (needed by " + referencedBy + ")");
      }
      return new Loaded(ctx.codec().openPooled(e, sealed, 0, key, pool, checkId), e.rawLength());
    } finally {
      pool.give(sealed);
    }
  }

  /** The blob's sealed bytes into {@code dst}: from a window, through an open pack, or with a ranged read. */
  private void readSealed(PackRef pack, PackEntry e, byte[] dst) {
    String key = pack.key();
    if (windows != null) {
      IndexCodec.PackRecord record = index.pack(pack);
      if (windows.read(key, record == null ? -1 : record.length(), e.offset(), e.length(), dst)) {
        return;
      }
    }
    readRange(pack, e.offset(), dst, e.length());
  }

  /** Bytes {@code [offset, offset + length)} of {@code pack} into {@code dst[0..length)}, through an open pack if there are any. */
  void readRange(PackRef pack, long offset, byte[] dst, int length) {
    if (readers != null) {
      readers.read(pack.key(), offset, dst, length);
    } else {
      ctx.store().read(pack.key(), offset, dst, 0, length);
    }
  }

  /** A blob in the first {@code length} bytes of a pooled array. */
  record Loaded(byte[] data, int length) {}

  /** The blob in an array of its own, exactly as long as the blob. */
  byte[] load(BlobId id, String referencedBy) {
    return loadPooled(id, referencedBy, BufferPool.EXACT, true).data();
  }
}
