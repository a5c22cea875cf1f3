package dev.resilience;

import dev.resilience.internal.target.DirectoryBackupTarget;
import dev.resilience.internal.target.DirectoryRetention;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.LiveDataRetention;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The {@link BackupTarget}s that ship with the core. Also found by name through
 * {@link Providers#backupTarget} ({@code directory} with key {@code path}; {@code memory}).
 */
public final class BackupTargets {
  private BackupTargets() {}

  /**
   * A local directory tree: files, directories and symbolic links (never followed) with permissions and
   * modification times. Incremental backups reuse files whose size, mtime and mode did not change.
   * Restores go into an empty or missing directory only.
   */
  public static BackupTarget directory(Path directory) {
    return new DirectoryBackupTarget(directory);
  }

  /** A directory target that reads up to {@code readThreads} files at once during a backup. */
  public static BackupTarget directory(Path directory, int readThreads) {
    return new DirectoryBackupTarget(directory, readThreads);
  }

  /** An empty in-memory target with a random name, for tests and demos. */
  public static InMemoryBackupTarget inMemory() {
    return new InMemoryBackupTarget(UUID.randomUUID().toString(), Clock.systemUTC());
  }

  /** An empty in-memory target; snapshots of targets with the same name form one incremental chain. */
  public static InMemoryBackupTarget inMemory(String name, Clock clock) {
    return new InMemoryBackupTarget(name, clock);
  }

  /**
   * Retention of live files: regular files under {@code directory} not modified for longer than
   * {@code maxAge} are selected, can be archived into a snapshot, and are then purged.
   */
  public static LiveDataRetention directoryRetention(Path directory, Duration maxAge) {
    return new DirectoryRetention(directory, maxAge);
  }
}
