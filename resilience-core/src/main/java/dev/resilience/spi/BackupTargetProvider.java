package dev.resilience.spi;

import java.util.Map;

/** Creates {@link BackupTarget}s by name; found with {@link java.util.ServiceLoader}. */
public interface BackupTargetProvider {
  /** Short unique name ({@code directory}, {@code memory}, {@code postgres}, {@code s3-bucket}). */
  String name();

  BackupTarget create(Map<String, String> config);
}
