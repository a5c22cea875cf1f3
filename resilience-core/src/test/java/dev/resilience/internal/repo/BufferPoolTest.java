package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
  @Test
  void givesArraysAtLeastAsLargeAsAskedAndReusesReturnedOnes() {
    BufferPool pool = new BufferPool(8 << 20);
    byte[] a = pool.take(1_000_001);
    assertThat(a.length).isGreaterThanOrEqualTo(1_000_001).isLessThan(2_000_002);
    assertThat(pool.take(1).length).isGreaterThanOrEqualTo(1);
    pool.give(a);
    assertThat(pool.take(700_000)).isSameAs(a);
    assertThat(pool.take(700_000)).isNotSameAs(a);
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
  void ignoresArraysItDidNotHandOut() {
    BufferPool pool = new BufferPool(8 << 20);
    byte[] odd = new byte[5000];
    pool.give(odd);
    assertThat(pool.take(4000)).isNotSameAs(odd);
  }
}
