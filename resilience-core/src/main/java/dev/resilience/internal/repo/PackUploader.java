package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.ResilienceException;
import dev.resilience.internal.crypto.BlobCipher;
import dev.resilience.internal.repo.BlobCodec.SealedBlob;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.StoreFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects sealed blobs of one type into packs and uploads each full pack on the I/O pool. Blobs are
 * sealed straight into a pack's buffer ({@link #reserve}, {@link #written}) or copied in ({@link #add}).
 * At most one pack (on a {@link StoreFeature#LOCAL} store) or two (on others) are uploading at once; one
 * more full pack makes the next reservation wait (backpressure up to the chunking threads). With
 * verify-before-upload each pack is read back from the store, compared byte for byte with what was
 * sealed in memory (so every blob's authentication tag is known to hold) and its table of contents
 * authenticated and matched against the blobs written, before the pack is reported as written (and so
 * before any index references it). Thread-safe.
 */
final class PackUploader {
  /** Room above the target pack size: a pack is shipped once it reaches the target, or earlier if the next blob would not fit. */
  private static final int SLACK = 1 << 20;
  /**
   * Bytes compared per read when verifying an upload to a {@link StoreFeature#LOCAL} store: the size of a
   * direct read's staging buffer, so larger slices would not mean fewer reads of the device. Remote stores
   * read larger slices ({@link #REMOTE_VERIFY_SLICE}), each a request. Slices come from the shared pool: a
   * 4 MiB slice per I/O thread kept in a thread-local held 24 MiB during a 1 GiB backup.
   */
  private static final int VERIFY_SLICE = 1 << 20;
  private static final int REMOTE_VERIFY_SLICE = 4 << 20;

  private final RepoContext ctx;
  private final BlobType type;
  private final int packSize;
  /**
   * Packs uploading at once while the next one fills: one on a local store (a pack is written in a
   * fraction of the time it takes to fill one), two on a remote one to hide its latency. Each holds a
   * pack buffer.
   */
  private final int maxUploads;
  private final int verifySlice;
  private final Semaphore slots;
  /** Pack buffers out at most: one being filled and {@code maxUploads} uploading. */
  private final int maxBuffers;
  /** Pack buffers taken and not yet given back: being filled, waiting for an upload slot, uploading. */
  private int buffersOut;
  private int peakBuffersOut;
  private final List<CompletableFuture<PackRecord>> uploads = new ArrayList<>();
  private final AtomicLong storedBytes = new AtomicLong();
  private Open current;

  PackUploader(RepoContext ctx, BlobType type, int packSize) {
    this.ctx = ctx;
    this.type = type;
    this.packSize = packSize;
    boolean local = ctx.store().features().contains(StoreFeature.LOCAL);
    this.maxUploads = local ? 1 : 2;
    this.verifySlice = local ? VERIFY_SLICE : REMOTE_VERIFY_SLICE;
    this.slots = new Semaphore(maxUploads);
    this.maxBuffers = maxUploads + 1;
  }

  /** The most pack buffers this uploader had out at once (a memory bound tests check). */
  synchronized int peakBuffersOut() {
    return peakBuffersOut;
  }

  long storedBytes() {
    return storedBytes.get();
  }

  /**
   * Room in a pack for one sealed blob, to be filled with {@code length} bytes at {@code offset} of
   * {@code buffer} by the caller (outside the uploader's lock), who then reports it with {@link #written}.
   */
  static final class Slot {
    private final Open pack;
    final byte[] buffer;
    final int offset;

    private Slot(Open pack, byte[] buffer, int offset) {
      this.pack = pack;
      this.buffer = buffer;
      this.offset = offset;
    }
  }

  /** A pack being filled, with the number of reserved slots not yet written. */
  private static final class Open {
    final PackBuilder builder;
    int pending;
    boolean full;
    boolean failed;

    Open(PackBuilder builder) {
      this.builder = builder;
    }
  }

  /**
   * Copies a sealed blob into the current pack (so {@code blob}'s array may be reused as soon as this
   * returns) and ships the pack once it is full.
   */
  void add(SealedBlob blob) {
    Slot slot = reserve(blob.type(), blob.id(), blob.length(), blob.rawLength(), blob.compressed());
    boolean ok = false;
    try {
      System.arraycopy(blob.sealed(), 0, slot.buffer, slot.offset, blob.length());
      ok = true;
    } finally {
      written(slot, ok);
    }
  }

  /** Encrypts a prepared chunk straight into room reserved for it in the current pack. */
  void seal(BlobCodec.Prepared blob, int rawLength) {
    Slot slot = reserve(blob.type(), blob.id(), blob.sealedLength(), rawLength, blob.compressed());
    boolean ok = false;
    try {
      ctx.codec().sealInto(blob, slot.buffer, slot.offset);
      ok = true;
    } finally {
      written(slot, ok);
    }
  }

  /**
   * Reserves room for a sealed blob of {@code length} bytes in the current pack, so the caller can seal
   * straight into the pack's buffer (no copy, no scratch array) while other threads fill other slots. The
   * pack ships once it is full and every slot in it is {@link #written}. Waits while packs are uploading.
   */
  synchronized Slot reserve(BlobType type, BlobId id, int length, int rawLength, boolean compressed) {
    boolean interrupted = false;
    while (true) {
      if (current != null && current.builder.count() > 0 && current.builder.size() + length > packSize + SLACK) {
        close(); // keep every pack within its buffer
      }
      if (current != null && current.builder.count() > 0 && !current.builder.fits(length)) {
        close(); // only a blob larger than the buffers are made for gets here: it starts a pack of its own
      }
      if (current != null) {
        break;
      }
      // A full pack waiting for an upload slot holds a buffer too. With a third one filling meanwhile, a
      // backup held 17 MiB more for no measurable gain, so the next pack starts once a buffer is back.
      if (buffersOut < maxBuffers) {
        current = new Open(new PackBuilder(PackRef.random(this.type, ctx.random()), takePackBuffer()));
        break;
      }
      try {
        wait(); // releases the lock: slots get written, packs shipped, buffers given back
      } catch (InterruptedException e) {
        interrupted = true; // like the upload slots: the blob is still sealed, not abandoned
      }
      // Another thread may have started a pack meanwhile: look again.
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Open pack = current;
    PackEntry e = pack.builder.reserve(type, id, length, rawLength, compressed); // grows only an empty pack
    pack.pending++;
    Slot slot = new Slot(pack, pack.builder.buffer(), (int) e.offset());
    if (pack.builder.size() >= packSize) {
      close();
    }
    return slot;
  }

  /** Reports a slot filled ({@code ok}) or abandoned; a pack with an abandoned slot is never uploaded. */
  synchronized void written(Slot slot, boolean ok) {
    Open pack = slot.pack;
    if (!ok) {
      pack.failed = true;
    }
    pack.pending--;
    if (pack.full && pack.pending == 0) {
      ship(pack);
    }
  }

  /** No more slots in the current pack; it ships as soon as its slots are written. */
  private void close() {
    Open pack = current;
    current = null;
    pack.full = true;
    if (pack.pending == 0) {
      ship(pack);
    }
  }

  /** Uploads the last partial pack and waits for every upload; returns the packs written. */
  List<PackRecord> flush() {
    List<CompletableFuture<PackRecord>> all;
    synchronized (this) {
      if (current != null && current.pending > 0) {
        throw new IllegalStateException("a blob is still being sealed into a pack");
      }
      if (current != null && current.builder.count() > 0) {
        close();
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

  /**
   * A buffer for a new pack: room for a full pack plus one more maximal blob and the table of contents,
   * so it never has to grow. Buffers come back through {@link #returnPackBuffer} after the upload.
   */
  private byte[] takePackBuffer() {
    int want = Math.max(packSize + SLACK, ctx.chunker().maxSize() + BlobCipher.OVERHEAD) + (256 << 10);
    byte[] b = ctx.packBuffers().poll();
    buffersOut++;
    peakBuffersOut = Math.max(peakBuffersOut, buffersOut);
    return b != null && b.length >= want ? b : new byte[want];
  }

  /** Gives a pack buffer back; never call it holding the lock while an upload slot is awaited (see {@link #ship}). */
  private void returnPackBuffer(byte[] b) {
    synchronized (this) {
      buffersOut--;
      notifyAll();
    }
    // Kept up to the most that are ever in use at once (one being built, the others uploading), so a backup
    // allocates its pack buffers once: each is larger than the young generation, and every new one goes
    // straight to the old one and brings the next full collection closer.
    if (ctx.packBuffers().size() < maxUploads + 1) {
      ctx.packBuffers().offer(b);
    }
  }

  /**
   * Seals the pack's table of contents and hands the pack to the I/O pool; waits while {@code maxUploads}
   * packs are uploading. A pack with an abandoned slot holds bytes that were never sealed: it is dropped,
   * and {@link #flush} reports the failure.
   */
  private void ship(Open open) {
    PackBuilder pack = open.builder;
    if (open.failed) {
      returnPackBuffer(pack.buffer());
      uploads.add(CompletableFuture.failedFuture(
          new ResilienceException(pack.ref().key() + ": not uploaded, a blob could not be sealed into it")));
      return;
    }
    int length = pack.finishInPlace(ctx.codec().cipher());
    byte[] bytes = pack.buffer();
    List<PackEntry> entries = pack.entries();
    slots.acquireUninterruptibly();
    CompletableFuture<PackRecord> f;
    try {
      f = CompletableFuture.supplyAsync(() -> upload(pack.ref(), bytes, length, entries), ctx.io());
    } catch (RuntimeException e) {
      slots.release();
      returnPackBuffer(bytes);
      throw e;
    }
    // The slot first: ship() may hold this uploader's lock while it waits for one.
    f.whenComplete((r, e) -> {
      slots.release();
      returnPackBuffer(bytes);
    });
    uploads.add(f);
  }

  private PackRecord upload(PackRef ref, byte[] bytes, int length, List<PackEntry> entries) {
    ctx.store().put(ref.key(), bytes, 0, length, PutOptions.DEFAULT);
    if (ctx.options().verifyBeforeUpload()) {
      readBackAndCompare(ref, bytes, length);
      verify(ctx, ref, bytes, length, entries);
    }
    storedBytes.addAndGet(length);
    return new PackRecord(ref, length, entries);
  }

  /** Reads the stored pack back in slices and compares it byte for byte with what was written. */
  private void readBackAndCompare(PackRef ref, byte[] bytes, int length) {
    long stored = ctx.store().stat(ref.key()).map(ObjectInfo::size).orElse(-1L);
    if (stored != length) {
      throw new IntegrityException(ref.key() + ": read back from " + ctx.store().describe() + " with " + stored
          + " bytes, " + length + " were written");
    }
    byte[] back = ctx.buffers().take(verifySlice);
    try (ObjectStore.RangeReader reader = ctx.store().openRangeReader(ref.key())) {
      for (int p = 0; p < length; p += verifySlice) {
        int n = Math.min(verifySlice, length - p);
        reader.read(p, back, 0, n);
        if (!Arrays.equals(back, 0, n, bytes, p, p + n)) {
          throw new IntegrityException(ref.key() + ": read back from " + ctx.store().describe()
              + " differs from what was written (in bytes " + p + " to " + (p + n) + ")");
        }
      }
    } finally {
      ctx.buffers().give(back);
    }
  }

  /** Authenticates the table of contents of a pack (its first {@code length} bytes) and matches it with the blobs written. */
  static void verify(RepoContext ctx, PackRef ref, byte[] pack, int length, List<PackEntry> expected) {
    List<PackEntry> toc = PackFormat.readToc(ctx.codec().cipher(), ref, pack, length);
    if (!toc.equals(expected)) {
      throw new IntegrityException(ref.key() + ": read back with a different table of contents");
    }
  }
}
