package dev.resilience.postgres;

import dev.resilience.spi.Entry;
import dev.resilience.spi.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A base backup over SQL, as pgBackRest takes it: start a non-exclusive backup, copy the data directory (read
 * with {@code pg_ls_dir}/{@code pg_stat_file}/{@code pg_read_binary_file}, or from a local directory), stop the
 * backup and store the backup label and tablespace map it returns. Files whose size and modification time
 * equal the parent's, and that were last modified before the parent backup started, are taken from the parent.
 */
final class PhysicalBackup {
  static final String PREFIX = "pgdata/";
  /** Directories whose content is never copied (recreated empty on restore). */
  static final Set<String> EMPTY_DIRS = Set.of("pg_wal", "pg_dynshmem", "pg_notify", "pg_replslot", "pg_serial",
      "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
  private static final Set<String> SKIP_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
      "backup_label.old", "tablespace_map", "current_logfiles", "epg-lock", "recovery.signal", "standby.signal");
  private static final int CHUNK = 4 << 20;

  private final PostgresConnection connection;
  private final Path localDataDirectory;
  private final Clock clock;
  private long reused;

  PhysicalBackup(PostgresConnection connection, Path localDataDirectory, Clock clock) {
    this.connection = connection;
    this.localDataDirectory = localDataDirectory;
    this.clock = clock;
  }

  record FileInfo(String path, boolean dir, long size, Instant modified) {}

  static boolean excluded(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (SKIP_FILES.contains(path) || name.startsWith("pgsql_tmp") || name.equals("pg_internal.init")) {
      return true;
    }
    int slash = path.indexOf('/');
    return slash > 0 && EMPTY_DIRS.contains(path.substring(0, slash)) || path.startsWith("pg_tblspc/");
  }

  long reused() {
    return reused;
  }

  void run(SnapshotWriter writer) {
    String where = "physical backup of " + connection.describe();
    try (Connection c = connection.open()) {
      int version;
      Instant started; // the server's clock: file modification times come from the server's host
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, clock_timestamp()")) {
        rs.next();
        version = rs.getInt(1);
        started = rs.getTimestamp(2).toInstant();
      }
      PhysicalPreflight.check(c, version, connection.user(), localDataDirectory == null, false);
      String label = "resilience " + started;
      String startLsn;
      try (PreparedStatement ps = c.prepareStatement(version >= 150000 ? "SELECT pg_backup_start(?, true)::text"
          : "SELECT pg_start_backup(?, true, false)::text")) {
        ps.setString(1, label);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          startLsn = rs.getString(1);
        }
      }
      String startWal;
      String timeline;
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_walfile_name(?::pg_lsn),"
          + " (SELECT timeline_id FROM pg_control_checkpoint())")) {
        ps.setString(1, startLsn);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          startWal = rs.getString(1);
          timeline = rs.getString(2);
        }
      }
      List<FileInfo> files = localDataDirectory == null ? listOverSql(c) : listLocal();
      for (FileInfo f : files) {
        copy(c, f, writer, started);
      }
      String stopLsn;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(version >= 150000
              ? "SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(true)"
              : "SELECT lsn::text, labelfile, spcmapfile FROM pg_stop_backup(false, true)")) {
        rs.next();
        stopLsn = rs.getString(1);
        addText(writer, PREFIX + "backup_label", rs.getString(2));
        String map = rs.getString(3);
        if (map != null && !map.isEmpty()) {
          addText(writer, PREFIX + "tablespace_map", map);
        }
      }
      writer.putMetadata("postgres.kind", "physical");
      writer.putMetadata("postgres.serverVersion", Integer.toString(version));
      writer.putMetadata("postgres.startLsn", startLsn);
      writer.putMetadata("postgres.stopLsn", stopLsn);
      writer.putMetadata("postgres.startWal", startWal);
      writer.putMetadata("postgres.timeline", timeline);
      writer.putMetadata("postgres.backupStarted", started.toString());
      writer.putMetadata("postgres.filesReused", Long.toString(reused));
    } catch (SQLException e) {
      throw PgErrors.map(where, e);
    }
  }

  private void addText(SnapshotWriter writer, String path, String text) {
    writer.add(Entry.file(path, -1, clock.instant()).withMode(0600),
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private List<FileInfo> listOverSql(Connection c) throws SQLException {
    List<FileInfo> out = new ArrayList<>();
    String excluded = String.join("', '", EMPTY_DIRS);
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("WITH RECURSIVE f(path, isdir, size, mtime) AS ("
            + " SELECT n, s.isdir, s.size, s.modification FROM pg_ls_dir('.', true, false) n,"
            + " LATERAL pg_stat_file(n, true) s"
            + " UNION ALL SELECT f.path || '/' || n, s.isdir, s.size, s.modification FROM f,"
            + " LATERAL pg_ls_dir(f.path, true, false) n, LATERAL pg_stat_file(f.path || '/' || n, true) s"
            + " WHERE f.isdir AND f.path NOT IN ('" + excluded + "') AND f.path <> 'pg_tblspc')"
            + " SELECT path, isdir, size, mtime FROM f WHERE isdir IS NOT NULL ORDER BY path")) {
      while (rs.next()) {
        out.add(new FileInfo(rs.getString(1), rs.getBoolean(2), rs.getLong(3), rs.getTimestamp(4).toInstant()));
      }
    }
    return out;
  }

  private List<FileInfo> listLocal() {
    List<FileInfo> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(localDataDirectory)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(localDataDirectory)) {
          continue;
        }
        String rel = localDataDirectory.relativize(p).toString().replace('\\', '/');
        try {
          boolean dir = Files.isDirectory(p);
          // whole seconds, as pg_stat_file reports them: parents taken over SQL compare equal
          out.add(new FileInfo(rel, dir, dir ? 0 : Files.size(p),
              Files.getLastModifiedTime(p).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        } catch (java.nio.file.NoSuchFileException e) {
          // removed while we walked (a dropped table, a finished temp file): WAL replay handles it
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + localDataDirectory, e);
    }
    return out;
  }

  private void copy(Connection c, FileInfo f, SnapshotWriter writer, Instant started) throws SQLException {
    if (excluded(f.path())) {
      return;
    }
    String path = PREFIX + f.path();
    if (f.dir()) {
      writer.add(Entry.directory(path, f.modified()).withMode(0700));
      return;
    }
    Entry entry = Entry.file(path, f.size(), f.modified()).withMode(0600)
        .withAttributes(Map.of("backupStarted", started.toString()));
    Optional<Entry> parent = writer.parentEntry(path);
    if (parent.isPresent() && parent.get().size() == f.size() && f.modified().equals(parent.get().modified())
        && parent.get().attributes().containsKey("backupStarted")
        && f.modified().isBefore(Instant.parse(parent.get().attributes().get("backupStarted")).minusSeconds(1))
        && writer.reuseParent(entry)) {
      reused++;
      return;
    }
    if (localDataDirectory != null) {
      try (InputStream in = Files.newInputStream(localDataDirectory.resolve(f.path()))) {
        writer.add(entry.withSize(-1), in);
      } catch (java.nio.file.NoSuchFileException e) {
        // dropped during the backup; WAL replay does not need it
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + f.path(), e);
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_read_binary_file(?, ?, ?, true)")) {
      ps.setString(1, f.path());
      ps.setInt(3, CHUNK);
      byte[] first = read(ps, 0);
      if (first == null) {
        return; // removed since listed
      }
      try (OutputStream out = writer.create(entry.withSize(-1))) {
        byte[] chunk = first;
        for (long offset = 0; chunk != null && chunk.length > 0; chunk = chunk.length < CHUNK ? null : read(ps, offset)) {
          out.write(chunk);
          offset += chunk.length;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + path, e);
      }
    }
  }

  private static byte[] read(PreparedStatement ps, long offset) throws SQLException {
    ps.setLong(2, offset);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBytes(1);
    }
  }
}
