package dev.resilience.internal.target;

import dev.resilience.internal.config.ProviderConfig;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.BackupTargetProvider;
import java.util.Map;
import java.util.Set;

/** {@code directory}: a {@link DirectoryBackupTarget}; configuration key {@code path}. */
public final class DirectoryBackupTargetProvider implements BackupTargetProvider {
  @Override
  public String name() {
    return "directory";
  }

  @Override
  public BackupTarget create(Map<String, String> config) {
    return new DirectoryBackupTarget(ProviderConfig.of(name(), config, Set.of("path")).requirePath("path"));
  }
}
