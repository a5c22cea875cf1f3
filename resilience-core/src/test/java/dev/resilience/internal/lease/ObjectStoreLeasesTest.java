package dev.resilience.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.ObjectStores;
import dev.resilience.spi.LeaseProvider;
import dev.resilience.spi.ObjectStore;
import dev.resilience.testkit.LeaseProviderContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObjectStoreLeasesTest extends LeaseProviderContract {
  final ObjectStore store = ObjectStores.inMemory(clock);

  @Override
  protected LeaseProvider provider(String owner) {
    return new ObjectStoreLeases(store, owner, clock);
  }

  @Test
  void oldLeaseObjectsAreCleanedUp() {
    LeaseProvider a = provider("engine-a");
    LeaseProvider b = provider("engine-b");
    for (int i = 0; i < 5; i++) {
      (i % 2 == 0 ? a : b).tryAcquire("jobs/y", Duration.ofHours(1)).orElseThrow().release();
    }
    assertThat(store.list("leases/jobs/y/").size()).isLessThanOrEqualTo(2);
  }
}
