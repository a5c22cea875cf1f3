package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.ResilienceException;
import dev.resilience.internal.repo.BlobCodec.SealedBlob;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import dev.resilience.spi.PutOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects sealed blobs of one type into packs and uploads each full pack on the I/O pool. At most
 * two packs are uploading at once; a third full pack makes {@link #add} wait (backpressure up to the
 * chunking threads). With verify-before-upload each pack is read back from the store, compared byte for
 * byte with what was sealed in memory (so every blob's authentication tag is known to hold) and its table
 * of contents authenticated and matched against the blobs written, before the pack is reported as
 * written (and so before any index references it). Thread-safe.
 */
final class PackUploader {
  private static final int MAX_UPLOADS = 2;

  private final RepoContext ctx;
  private final BlobType type;
  private final int packSize;
  private final Semaphore slots = new Semaphore(MAX_UPLOADS);
  private final List<CompletableFuture<PackRecord>> uploads = new ArrayList<>();
  private final AtomicLong storedBytes = new AtomicLong();
  private PackBuilder current;

  PackUploader(RepoContext ctx, BlobType type, int packSize) {
    this.ctx = ctx;
    this.type = type;
    this.packSize = packSize;
  }

  long storedBytes() {
    return storedBytes.get();
  }

  synchronized void add(SealedBlob blob) {
    if (current == null) {
      current = new PackBuilder(PackRef.random(type, ctx.random()), Math.min(packSize + (packSize >> 3), 1 << 20));
    }
    current.add(blob.type(), blob.id(), blob.sealed(), 0, blob.sealed().length, blob.rawLength(), blob.compressed());
    if (current.size() >= packSize) {
      ship();
    }
  }

  /** Uploads the last partial pack and waits for every upload; returns the packs written. */
  List<PackRecord> flush() {
    List<CompletableFuture<PackRecord>> all;
    synchronized (this) {
      if (current != null && current.count() > 0) {
        ship();
      }
      all = List.copyOf(uploads);
    }
    List<PackRecord> out = new ArrayList<>();
    for (CompletableFuture<PackRecord> f : all) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        Throwable c = e.getCause();
        if (c instanceof ResilienceException re) {
          throw re;
        }
        throw new ResilienceException("pack upload failed: " + c, c);
      }
    }
    return out;
  }

  /** Seals and hands the current pack to the I/O pool; waits while two packs are already uploading. */
  private void ship() {
    PackBuilder pack = current;
    current = null;
    byte[] bytes = pack.finish(ctx.codec().cipher());
    List<PackEntry> entries = pack.entries();
    slots.acquireUninterruptibly();
    CompletableFuture<PackRecord> f;
    try {
      f = CompletableFuture.supplyAsync(() -> upload(pack.ref(), bytes, entries), ctx.io());
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
    f.whenComplete((r, e) -> slots.release());
    uploads.add(f);
  }

  private PackRecord upload(PackRef ref, byte[] bytes, List<PackEntry> entries) {
    ctx.store().put(ref.key(), bytes, PutOptions.DEFAULT);
    if (ctx.options().verifyBeforeUpload()) {
      byte[] back = ctx.store().get(ref.key());
      if (!java.util.Arrays.equals(back, bytes)) {
        throw new IntegrityException(ref.key() + ": read back from " + ctx.store().describe()
            + " differs from what was written (" + back.length + " of " + bytes.length + " bytes)");
      }
      verify(ctx, ref, back, entries);
    }
    storedBytes.addAndGet(bytes.length);
    return new PackRecord(ref, bytes.length, entries);
  }

  /** Authenticates the table of contents of a pack read back and matches it with the blobs written. */
  static void verify(RepoContext ctx, PackRef ref, byte[] back, List<PackEntry> expected) {
    List<PackEntry> toc = PackFormat.readToc(ctx.codec().cipher(), ref, back);
    if (!toc.equals(expected)) {
      throw new IntegrityException(ref.key() + ": read back with a different table of contents");
    }
  }
}
