package dev.resilience.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.ObjectStores;
import dev.resilience.spi.ObjectStore;
import dev.resilience.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObjectStoreLeasesTest {
  final MutableClock clock = MutableClock.at("2026-11-20T00:00:00Z");
  final ObjectStore store = ObjectStores.inMemory(clock);
  final ObjectStoreLeases a = new ObjectStoreLeases(store, "engine-a", clock);
  final ObjectStoreLeases b = new ObjectStoreLeases(store, "engine-b", clock);

  @Test
  void onlyOneHolderUntilExpiryThenTheTokenGrows() {
    var first = a.tryAcquire("jobs/x", Duration.ofMinutes(5)).orElseThrow();
    assertThat(b.tryAcquire("jobs/x", Duration.ofMinutes(5))).isEmpty();
    clock.advance(Duration.ofMinutes(4));
    assertThat(first.renew(Duration.ofMinutes(5))).isTrue();
    clock.advance(Duration.ofMinutes(4));
    assertThat(b.tryAcquire("jobs/x", Duration.ofMinutes(5))).as("renewed lease still held").isEmpty();
    clock.advance(Duration.ofMinutes(2));
    var second = b.tryAcquire("jobs/x", Duration.ofMinutes(5)).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(first.isValid()).isFalse();
    assertThat(first.renew(Duration.ofMinutes(5))).as("an expired holder cannot renew past a newer token").isFalse();
    assertThat(second.isValid()).isTrue();
  }

  @Test
  void releaseHandsOverAtOnceAndTokensAreNeverReused() {
    long last = 0;
    for (int i = 0; i < 5; i++) {
      ObjectStoreLeases who = i % 2 == 0 ? a : b;
      var lease = who.tryAcquire("jobs/y", Duration.ofHours(1)).orElseThrow();
      assertThat(lease.token()).isGreaterThan(last);
      last = lease.token();
      lease.release();
    }
    assertThat(store.list("leases/jobs/y/").size()).as("old lease objects are cleaned up").isLessThanOrEqualTo(2);
  }
}
