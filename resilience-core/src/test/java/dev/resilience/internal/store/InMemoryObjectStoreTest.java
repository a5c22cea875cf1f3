package dev.resilience.internal.store;

import dev.resilience.ObjectStores;
import dev.resilience.spi.ObjectStore;
import dev.resilience.testkit.ObjectStoreContract;

class InMemoryObjectStoreTest extends ObjectStoreContract {
  @Override
  protected ObjectStore createStore() {
    return ObjectStores.inMemory();
  }
}
