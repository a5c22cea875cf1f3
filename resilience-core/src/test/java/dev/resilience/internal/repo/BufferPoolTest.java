package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
  @Test
  void givesArraysAtLeastAsLargeAsAskedAndReusesReturnedOnes() {
    BufferPool pool = new BufferPool(8 << 20);
    byte[] a = pool.take(1_000_001);
    assertThat(a.length).isGreaterThanOrEqualTo(1_000_001).isLessThanOrEqualTo(1_250_001);
    assertThat(pool.take(1).length).isGreaterThanOrEqualTo(1);
    pool.give(a);
    assertThat(pool.take(1_000_000)).isSameAs(a); // same size class
    assertThat(pool.take(1_000_000)).isNotSameAs(a);
  }

  @Test
  void aSpareArrayUpToTwiceTheSizeServesASmallerRequest() {
    BufferPool pool = new BufferPool(64 << 20);
    byte[] big = pool.take(2 << 20);
    byte[] huge = pool.take(5 << 20);
    pool.give(big);
    pool.give(huge);
    assertThat(pool.take((1 << 20) + 1)).as("2 MiB serves 1 MiB + 1").isSameAs(big);
    assertThat(pool.take(1 << 20)).as("5 MiB is more than twice 1 MiB").isNotSameAs(huge);
    assertThat(pool.take(3 << 20)).as("5 MiB serves 3 MiB").isSameAs(huge);
  }

  @Test
  void keepsNoMoreThanItsRetentionLimit() {
    BufferPool pool = new BufferPool(3 << 20);
    byte[] a = pool.take(1 << 20);
    byte[] b = pool.take(1 << 20);
    byte[] c = pool.take(1 << 20);
    byte[] d = pool.take(1 << 20);
    pool.give(a);
    pool.give(b);
    pool.give(c);
    pool.give(d); // over the limit: dropped
    int reused = 0;
    for (int i = 0; i < 4; i++) {
      byte[] x = pool.take(1 << 20);
      if (x == a || x == b || x == c || x == d) {
        reused++;
      }
    }
    assertThat(reused).isEqualTo(3);
  }

  @Test
  void sizeClassesCoverEverySizeWithAtMostAQuarterToSpare() {
    for (int n = 1; n < 40_000_000; n += 1 + n / 7) {
      int size = BufferPool.classSize(BufferPool.sizeClass(n));
      assertThat(size).as("class for %d", n).isGreaterThanOrEqualTo(n);
      assertThat(size).as("class for %d", n).isLessThanOrEqualTo(Math.max(4096, n + n / 4 + 1));
      assertThat(BufferPool.sizeClass(size)).isEqualTo(BufferPool.sizeClass(n));
    }
  }

  @Test
  void ignoresArraysItDidNotHandOut() {
    BufferPool pool = new BufferPool(8 << 20);
    byte[] odd = new byte[5000];
    pool.give(odd);
    assertThat(pool.take(4000)).isNotSameAs(odd);
  }
}
