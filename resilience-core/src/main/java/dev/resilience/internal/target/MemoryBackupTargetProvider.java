package dev.resilience.internal.target;

import dev.resilience.InMemoryBackupTarget;
import dev.resilience.internal.config.ProviderConfig;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.BackupTargetProvider;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** {@code memory}: an empty {@link InMemoryBackupTarget}; optional configuration key {@code name}. */
public final class MemoryBackupTargetProvider implements BackupTargetProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public BackupTarget create(Map<String, String> config) {
    Map<String, String> c = config == null ? Map.of() : config;
    ProviderConfig.of(name(), c, Set.of("name"));
    return new InMemoryBackupTarget(c.getOrDefault("name", "default"), Clock.systemUTC());
  }
}
