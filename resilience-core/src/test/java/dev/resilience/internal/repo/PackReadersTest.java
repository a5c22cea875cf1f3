package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.NotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PackReadersTest {
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final MapObjectStore store = new MapObjectStore() {
    @Override
    public RangeReader openRangeReader(String key) {
      opened.incrementAndGet();
      RangeReader inner = super.openRangeReader(key);
      return new RangeReader() {
        @Override
        public void read(long offset, byte[] dst, int dstOffset, int length) {
          inner.read(offset, dst, dstOffset, length);
        }

        @Override
        public void close() {
          closed.incrementAndGet();
        }
      };
    }
  };
  private final byte[][] packs = new byte[6][];

  PackReadersTest() {
    Random r = new Random(3);
    for (int i = 0; i < packs.length; i++) {
      packs[i] = new byte[10_000];
      r.nextBytes(packs[i]);
      store.put("data/p" + i, packs[i]);
    }
  }

  private void readAndCheck(PackReaders readers, int pack, int offset, int length) {
    byte[] dst = new byte[length];
    readers.read("data/p" + pack, offset, dst, length);
    assertThat(dst).isEqualTo(Arrays.copyOfRange(packs[pack], offset, offset + length));
  }

  @Test
  void aThreadKeepsItsRecentPacksOpenAndCloseClosesThemAll() {
    try (PackReaders readers = new PackReaders(store, 2)) {
      for (int i = 0; i < 100; i++) {
        readAndCheck(readers, i % 2, i * 50, 100); // two packs, many blobs each: opened once
      }
      assertThat(opened.get()).isEqualTo(2);
      readAndCheck(readers, 2, 0, 10); // a third pack: the least recently used one is closed
      assertThat(opened.get()).isEqualTo(3);
      assertThat(closed.get()).isEqualTo(1);
    }
    assertThat(closed.get()).as("every opened reader closed at the end").isEqualTo(opened.get());
  }

  @Test
  void aFailedReadIsReportedAndItsReaderNotKept() {
    try (PackReaders readers = new PackReaders(store, 2)) {
      assertThatThrownBy(() -> readers.read("data/missing", 0, new byte[1], 1)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> readers.read("data/p0", 9_999, new byte[2], 2)).isInstanceOf(IllegalArgumentException.class);
      readAndCheck(readers, 0, 0, 100);
    }
    assertThat(closed.get()).isEqualTo(opened.get());
  }

  @Test
  void threadsReadTheirOwnBytesAndEverythingIsClosedAfterwards() throws Exception {
    PackReaders readers = new PackReaders(store, 3);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          Random r = new Random(seed);
          for (int i = 0; i < 500; i++) {
            readAndCheck(readers, r.nextInt(packs.length), r.nextInt(9_000), 1 + r.nextInt(1_000));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    readers.close();
    assertThat(closed.get()).isEqualTo(opened.get());
    // After close, reads still work, straight through the store.
    readAndCheck(readers, 5, 0, 10);
    assertThat(closed.get()).isEqualTo(opened.get());
  }
}
