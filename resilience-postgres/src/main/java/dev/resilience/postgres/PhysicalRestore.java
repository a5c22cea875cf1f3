package dev.resilience.postgres;

import dev.resilience.ConfigurationException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Lays a base backup down into a new data directory and prepares archive recovery: WAL staged in a directory
 * next to it, {@code restore_command} copying from there, the recovery target, and {@code recovery.signal}.
 */
final class PhysicalRestore {
  private PhysicalRestore() {}

  static void layDown(SnapshotReader reader, Path dataDir) {
    try {
      if (Files.exists(dataDir)) {
        try (Stream<Path> s = Files.list(dataDir)) {
          if (s.findAny().isPresent()) {
            throw new ConfigurationException("restore needs an empty or new data directory: " + dataDir);
          }
        }
      }
      Files.createDirectories(dataDir);
      boolean any = false;
      for (Entry e : reader.entries()) {
        if (!e.path().startsWith(PhysicalBackup.PREFIX)) {
          continue;
        }
        any = true;
        Path p = dataDir.resolve(e.path().substring(PhysicalBackup.PREFIX.length()));
        if (e.type() == EntryType.DIRECTORY) {
          Files.createDirectories(p);
        } else if (e.type() == EntryType.FILE) {
          Files.createDirectories(p.getParent());
          try (InputStream in = reader.open(e)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      if (!any) {
        throw new ConfigurationException("the snapshot holds no data directory (not a physical PostgreSQL backup)");
      }
      for (String d : PhysicalBackup.EMPTY_DIRS) {
        Files.createDirectories(dataDir.resolve(d));
      }
      Files.createDirectories(dataDir.resolve("pg_wal/archive_status"));
      Files.createDirectories(dataDir.resolve("pg_tblspc"));
      try {
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; PostgreSQL does not check permissions there
      }
    } catch (IOException e) {
      throw new UncheckedIOException("laying down the base backup in " + dataDir, e);
    }
  }

  static void configure(Path dataDir, Path walStaging, RecoveryTarget target) {
    StringBuilder conf = new StringBuilder("\n# written by resilience for point-in-time recovery\n");
    conf.append("restore_command = ").append(Sql.literal("cp \"" + walStaging.toAbsolutePath() + "/%f\" \"%p\""))
        .append('\n');
    conf.append("archive_mode = off\n");
    if (target.time() != null) {
      conf.append("recovery_target_time = ").append(Sql.literal(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
          .format(target.time().atOffset(java.time.ZoneOffset.UTC)))).append('\n');
    } else if (target.lsn() != null) {
      conf.append("recovery_target_lsn = ").append(Sql.literal(target.lsn())).append('\n');
    }
    if (!target.isLatest()) {
      conf.append("recovery_target_action = 'promote'\n");
    }
    try {
      Files.writeString(dataDir.resolve("postgresql.auto.conf"), conf.toString(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Files.writeString(dataDir.resolve("recovery.signal"), "");
    } catch (IOException e) {
      throw new UncheckedIOException("writing recovery settings in " + dataDir, e);
    }
  }
}
