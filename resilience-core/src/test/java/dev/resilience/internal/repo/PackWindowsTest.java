package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PackWindowsTest {
  private static final int PACK = 3 * PackWindows.WINDOW + 12_345;
  private final byte[] pack = new byte[PACK];
  private final AtomicInteger reads = new AtomicInteger();
  private final MapObjectStore store = new MapObjectStore() {
    @Override
    public void read(String key, long offset, byte[] dst, int dstOffset, int length) {
      reads.incrementAndGet();
      super.read(key, offset, dst, dstOffset, length);
    }
  };

  PackWindowsTest() {
    new Random(7).nextBytes(pack);
    store.put("data/p", pack);
  }

  /** Small blobs laid side by side, as a backup of small files writes them: (offset, length) pairs. */
  private List<int[]> smallBlobs() {
    List<int[]> blobs = new ArrayList<>();
    Random r = new Random(11);
    for (int off = 0; ; ) {
      int len = 1 + r.nextInt(16 * 1024);
      if (off + len > PACK) {
        return blobs;
      }
      blobs.add(new int[] {off, len});
      off += len;
    }
  }

  @Test
  void smallBlobsSideBySideAreServedFromOneReadPerWindow() {
    PackWindows windows = new PackWindows(store, 2);
    int served = 0;
    for (int[] b : smallBlobs()) {
      byte[] dst = new byte[b[1]];
      if (windows.read("data/p", PACK, b[0], b[1], dst)) {
        served++;
        assertThat(dst).isEqualTo(Arrays.copyOfRange(pack, b[0], b[0] + b[1]));
      }
    }
    // All but the few blobs that straddle a window edge came from the four windows, one read each.
    assertThat(served).isGreaterThan(smallBlobs().size() - 4);
    assertThat(reads.get()).isEqualTo(4);
  }

  @Test
  void largeBlobsEdgeCrossersAndUnknownPacksAreLeftToTheCaller() {
    PackWindows windows = new PackWindows(store, 2);
    byte[] dst = new byte[PackWindows.SMALL];
    assertThat(windows.read("data/p", PACK, 0, PackWindows.SMALL, dst)).isFalse();
    assertThat(windows.read("data/p", PACK, PackWindows.WINDOW - 10, 20, dst)).isFalse();
    assertThat(windows.read("data/p", -1, 0, 20, dst)).isFalse();
    // The pack's last window is shorter: a range past the pack's end is not served either.
    assertThat(windows.read("data/p", PACK, PACK - 10, 20, dst)).isFalse();
    assertThat(reads.get()).isZero();
  }

  @Test
  void aWindowThatCannotBeReadIsNotKept() {
    PackWindows windows = new PackWindows(store, 2);
    byte[] dst = new byte[100];
    // The index claims a longer pack than the store holds: the window read fails, the caller reads itself.
    assertThat(windows.read("data/p", PACK + PackWindows.WINDOW, PACK - 50, 100, dst)).isFalse();
    assertThat(windows.read("data/missing", PACK, 0, 100, dst)).isFalse();
    assertThat(dst).containsOnly(0);
    // A later read of a good window still works.
    assertThat(windows.read("data/p", PACK, 5, 100, dst)).isTrue();
    assertThat(dst).isEqualTo(Arrays.copyOfRange(pack, 5, 105));
  }

  @Test
  void threadsSharingWindowsGetTheirOwnBytes() throws Exception {
    PackWindows windows = new PackWindows(store, 3);
    List<int[]> blobs = smallBlobs();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          for (int i = first; i < blobs.size(); i += 4) {
            int[] b = blobs.get(i);
            byte[] dst = new byte[b[1]];
            if (windows.read("data/p", PACK, b[0], b[1], dst)) {
              assertThat(dst).isEqualTo(Arrays.copyOfRange(pack, b[0], b[0] + b[1]));
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(reads.get()).isPositive();
  }
}
