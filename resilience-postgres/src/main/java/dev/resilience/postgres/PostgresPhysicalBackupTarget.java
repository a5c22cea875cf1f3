package dev.resilience.postgres;

import dev.resilience.ConfigurationException;
import dev.resilience.StoreUnavailableException;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A PostgreSQL cluster backed up physically for point-in-time recovery: base backups over plain SQL
 * ({@code pg_backup_start}/{@code pg_start_backup}, files read with {@code pg_read_binary_file} or from a local
 * data directory, {@code pg_backup_stop} with its backup label), incremental against the parent by size and
 * modification time; WAL kept in a {@link PostgresWalArchive}. {@link #restore} lays a snapshot down into a new
 * data directory prepared for recovery to the configured {@link RecoveryTarget}; {@link #recover} also starts
 * a server on it (embedded binaries) and waits until it is promoted.
 */
public final class PostgresPhysicalBackupTarget implements BackupTarget {
  private final PostgresConnection connection;
  private final Path localDataDirectory;
  private final Path restoreDirectory;
  private final PostgresWalArchive walArchive;
  private final RecoveryTarget recoveryTarget;
  private final Path binaries;
  private final Clock clock;

  private PostgresPhysicalBackupTarget(Builder b) {
    this.connection = b.connection;
    this.localDataDirectory = b.localDataDirectory;
    this.restoreDirectory = b.restoreDirectory;
    this.walArchive = b.walArchive;
    this.recoveryTarget = b.recoveryTarget;
    this.binaries = b.binaries;
    this.clock = b.clock;
  }

  public static Builder builder(PostgresConnection connection) {
    return new Builder(connection);
  }

  /** {@code postgres-cluster://host:port} (a physical backup covers every database of the server). */
  @Override
  public String name() {
    String d = connection.describe();
    int slash = d.indexOf('/', "postgres://".length());
    return "postgres-cluster://" + (slash < 0 ? d : d.substring(0, slash)).substring("postgres://".length());
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.FULL, Capability.INCREMENTAL, Capability.CONSISTENT_SNAPSHOT, Capability.POINT_IN_TIME);
  }

  /** Takes a base backup (incremental when the writer has a parent). The WAL to make it consistent goes to the WAL archive. */
  @Override
  public void backup(SnapshotWriter writer) {
    new PhysicalBackup(connection, localDataDirectory, clock).run(writer);
  }

  /** Lays the snapshot down in the restore directory, stages the archived WAL and prepares recovery; starts nothing. */
  @Override
  public void restore(SnapshotReader reader) {
    Path dir = requireRestoreDirectory();
    PhysicalRestore.layDown(reader, dir);
    Path staging = dir.resolveSibling(dir.getFileName() + "-wal");
    if (walArchive == null) {
      throw new ConfigurationException("point-in-time recovery needs a WAL archive (builder.walArchive)");
    }
    walArchive.stage(staging);
    PhysicalRestore.configure(dir, staging, recoveryTarget);
  }

  /**
   * Restores like {@link #restore}, starts a server on the restored directory (embedded PostgreSQL binaries of
   * the same major version), waits until recovery reached the target and the server was promoted, and
   * returns it running.
   */
  public RecoveredPostgres recover(SnapshotReader reader) {
    restore(reader);
    Path dir = requireRestoreDirectory();
    EmbeddedServer server = EmbeddedServer.start(binaries, Map.of(), dir);
    try {
      PostgresConnection c = server.connection("postgres");
      Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
      try (Connection conn = c.open(); Statement st = conn.createStatement()) {
        while (true) {
          try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
              + " pg_last_xact_replay_timestamp()")) {
            rs.next();
            if (!rs.getBoolean(1)) {
              Timestamp last = rs.getTimestamp(3);
              return new RecoveredPostgres(server, dir, rs.getString(2), last == null ? null : last.toInstant());
            }
          }
          if (Instant.now().isAfter(deadline)) {
            throw new StoreUnavailableException("the restored server in " + dir + " was not promoted within 5 minutes");
          }
          Thread.sleep(100);
        }
      }
    } catch (SQLException e) {
      server.close();
      throw PgErrors.map("recovery in " + dir, e);
    } catch (InterruptedException e) {
      server.close();
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for recovery in " + dir, e);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private Path requireRestoreDirectory() {
    if (restoreDirectory == null) {
      throw new ConfigurationException("a physical restore needs a new data directory (builder.restoreInto)");
    }
    return restoreDirectory;
  }

  @Override
  public String toString() {
    return "PostgresPhysicalBackupTarget[" + name() + "]";
  }

  /** Builder for {@link PostgresPhysicalBackupTarget}. */
  public static final class Builder {
    private final PostgresConnection connection;
    private Path localDataDirectory;
    private Path restoreDirectory;
    private PostgresWalArchive walArchive;
    private RecoveryTarget recoveryTarget = RecoveryTarget.latest();
    private Path binaries;
    private Clock clock = Clock.systemUTC();

    private Builder(PostgresConnection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** Read files from this directory (the server's data directory on this host) instead of over SQL. */
    public Builder localDataDirectory(Path dir) {
      this.localDataDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The new data directory a restore lays the backup down in (must be empty or absent). */
    public Builder restoreInto(Path dir) {
      this.restoreDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public Builder walArchive(PostgresWalArchive archive) {
      this.walArchive = Objects.requireNonNull(archive, "archive");
      return this;
    }

    public Builder recoveryTarget(RecoveryTarget target) {
      this.recoveryTarget = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Embedded PostgreSQL binaries (jar or txz) that {@link #recover} starts; else those on the class path. */
    public Builder binaries(Path jarOrTxz) {
      this.binaries = Objects.requireNonNull(jarOrTxz, "jarOrTxz");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public PostgresPhysicalBackupTarget build() {
      return new PostgresPhysicalBackupTarget(this);
    }
  }
}
