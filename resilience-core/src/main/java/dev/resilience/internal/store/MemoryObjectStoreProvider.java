package dev.resilience.internal.store;

import dev.resilience.internal.config.ProviderConfig;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.ObjectStoreProvider;
import java.util.Map;
import java.util.Set;

/** {@code memory}: a fresh {@link InMemoryObjectStore}; takes no configuration. */
public final class MemoryObjectStoreProvider implements ObjectStoreProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public ObjectStore create(Map<String, String> config) {
    ProviderConfig.of(name(), config, Set.of());
    return new InMemoryObjectStore();
  }
}
