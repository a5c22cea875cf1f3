package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.init;
import static dev.resilience.internal.repo.RepoFixtures.keys;
import static dev.resilience.internal.repo.RepoFixtures.random;
import static dev.resilience.internal.repo.RepoFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.ResilienceException;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blobs sealed straight into reserved room in a pack, from several threads at once. */
class PackUploaderTest {
  private final ObjectStore store = ObjectStores.inMemory();

  @Test
  void blobsSealedIntoReservedSlotsFromManyThreadsComeBackIntact() throws Exception {
    try (Repository repo = init(store)) {
      RepoContext ctx = ((DefaultRepository) repo).context();
      PackUploader uploader = new PackUploader(ctx, BlobType.DATA, 64 * 1024);
      Map<BlobId, byte[]> originals = sealFromFourThreads(ctx, uploader, false);
      assertAllBlobsComeBack(ctx, store, uploader.flush(), originals);
    }
  }

  @Test
  @Timeout(120) // a lost wake-up or a pack that never ships hangs instead of failing
  void threadsWaitingForSlowUploadsLoseNoBlobAndHoldAtMostOneBufferMoreThanUploads() throws Exception {
    AtomicInteger uploading = new AtomicInteger();
    AtomicInteger mostUploading = new AtomicInteger();
    MapObjectStore slow = new MapObjectStore() {
      @Override
      public void put(String key, byte[] data, PutOptions options) {
        mostUploading.accumulateAndGet(uploading.incrementAndGet(), Math::max);
        try {
          Thread.sleep(15); // packs fill faster than they upload: sealing threads wait for a buffer
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          uploading.decrementAndGet();
        }
        super.put(key, data, options);
      }
    };
    try (Repository repo = init(slow)) {
      RepoContext ctx = ((DefaultRepository) repo).context();
      PackUploader uploader = new PackUploader(ctx, BlobType.DATA, 16 * 1024);
      Map<BlobId, byte[]> originals = sealFromFourThreads(ctx, uploader, true);
      assertAllBlobsComeBack(ctx, slow, uploader.flush(), originals);
      // A store without StoreFeature.LOCAL: two uploads at once, and one pack filling.
      assertThat(mostUploading.get()).isLessThanOrEqualTo(2);
      assertThat(uploader.peakBuffersOut()).isEqualTo(3);
    }
  }

  /**
   * 240 blobs (half random, half text, up to 8,000 bytes) sealed into slots by four threads at once;
   * {@code slowly}: each slot stays unwritten for a millisecond (like a large chunk's encryption), so packs
   * are closed while other threads still write into them.
   */
  private static Map<BlobId, byte[]> sealFromFourThreads(RepoContext ctx, PackUploader uploader, boolean slowly)
      throws Exception {
    Map<BlobId, byte[]> originals = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Random r = new Random(t);
        done.add(pool.submit(() -> {
          for (int i = 0; i < 60; i++) {
            byte[] chunk = i % 2 == 0 ? random(r, 1 + r.nextInt(8000)) : text(r, 1 + r.nextInt(8000));
            BlobId id = ctx.codec().id(chunk, 0, chunk.length);
            originals.put(id, chunk);
            BlobCodec.Prepared p = ctx.codec().prepare(BlobType.DATA, id, chunk, 0, chunk.length);
            PackUploader.Slot slot = uploader.reserve(BlobType.DATA, id, p.sealedLength(), chunk.length, p.compressed());
            ctx.codec().sealInto(p, slot.buffer, slot.offset);
            if (slowly) {
              Thread.sleep(1);
            }
            uploader.written(slot, true);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return originals;
  }

  /** Every pack's table of contents matches what was recorded, and every blob opens to its original. */
  private static void assertAllBlobsComeBack(RepoContext ctx, ObjectStore store, List<PackRecord> packs,
      Map<BlobId, byte[]> originals) {
    assertThat(packs).hasSizeGreaterThan(3);
    Map<BlobId, byte[]> back = new HashMap<>();
    for (PackRecord pack : packs) {
      byte[] bytes = store.get(pack.ref().key());
      assertThat(bytes).hasSize((int) pack.length());
      assertThat(PackFormat.readToc(ctx.codec().cipher(), pack.ref(), bytes, bytes.length)).isEqualTo(pack.entries());
      for (PackEntry e : pack.entries()) {
        back.put(e.id(), ctx.codec().open(e, bytes, (int) e.offset(), pack.ref().key()));
      }
    }
    assertThat(back).hasSameSizeAs(originals);
    originals.forEach((id, chunk) -> assertThat(back.get(id)).isEqualTo(chunk));
  }

  @Test
  void aPackWithAnAbandonedSlotIsNeverUploadedAndFlushSaysSo() {
    try (Repository repo = init(store)) {
      RepoContext ctx = ((DefaultRepository) repo).context();
      PackUploader uploader = new PackUploader(ctx, BlobType.DATA, 64 * 1024);
      byte[] chunk = random(new Random(1), 5000);
      BlobId id = ctx.codec().id(chunk, 0, chunk.length);
      BlobCodec.Prepared p = ctx.codec().prepare(BlobType.DATA, id, chunk, 0, chunk.length);
      PackUploader.Slot good = uploader.reserve(BlobType.DATA, id, p.sealedLength(), chunk.length, p.compressed());
      ctx.codec().sealInto(p, good.buffer, good.offset);
      uploader.written(good, true);
      PackUploader.Slot abandoned = uploader.reserve(BlobType.DATA, BlobId.of(new byte[32]), 100, 100, false);
      uploader.written(abandoned, false); // e.g. the encryption threw: the room holds no sealed blob

      assertThatThrownBy(uploader::flush).isInstanceOf(ResilienceException.class)
          .hasMessageContaining("not uploaded, a blob could not be sealed into it");
      assertThat(keys(store, "data/")).as("packs in the store").isEmpty();
    }
  }
}
