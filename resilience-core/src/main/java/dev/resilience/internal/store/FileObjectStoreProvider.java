package dev.resilience.internal.store;

import dev.resilience.internal.config.ProviderConfig;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.ObjectStoreProvider;
import java.util.Map;
import java.util.Set;

/** {@code file}: a {@link FileSystemObjectStore}; configuration key {@code path} (created if missing). */
public final class FileObjectStoreProvider implements ObjectStoreProvider {
  @Override
  public String name() {
    return "file";
  }

  @Override
  public ObjectStore create(Map<String, String> config) {
    return new FileSystemObjectStore(ProviderConfig.of(name(), config, Set.of("path")).requirePath("path"));
  }
}
