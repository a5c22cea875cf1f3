package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static dev.resilience.postgres.TestServers.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupKind;
import dev.resilience.BackupRequest;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.SnapshotReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresPointInTimeRecoveryIT {
  private static final String MARKER = "plaintext-marker-7f3a9c-do-not-leak";

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void restoresToATimeToTheLatestWalAndFromAnIncrementalBase(String version) throws Exception {
    Path archiveDir = Files.createDirectories(tmp.resolve("archive"));
    Path binaries = TestServers.binaries(version);
    try (EmbeddedServer server = EmbeddedServer.start(binaries, Map.of("archive_mode", "on", "archive_command",
        "cp %p " + archiveDir + "/%f", "wal_level", "replica"), null)) {
      PostgresConnection pg = server.connection("postgres");
      ObjectStore repoStore = ObjectStores.inMemory();
      Repository repo = Repository.init(repoStore,
          KeyProviders.insecurePassphraseForTests("pw".toCharArray(), 1000), RepositoryOptions.defaults());
      PostgresWalArchive wal = PostgresWalArchive.in(repo, "main");
      PostgresWalArchive streamed = PostgresWalArchive.in(repo, "streamed");
      PostgresWalStreamer streamer = PostgresWalStreamer.create(pg, streamed, "resilience_test");
      streamer.start();
      exec(pg, "CREATE TABLE t (v text PRIMARY KEY)", "CREATE TABLE secrets (s text)");

      // A file modified within a second before a backup starts is read again by the next one (its time
      // cannot tell a later change apart), so the files initdb wrote must be older than that for the
      // incremental below to reuse any; on a fast machine the server is up well within a second.
      Thread.sleep(1_500);
      PostgresPhysicalBackupTarget source = PostgresPhysicalBackupTarget.builder(pg).build();
      Snapshot baseSnapshot = repo.backup(source, BackupRequest.defaults());
      SnapshotReader base = repo.read(baseSnapshot.id(), RestoreRequest.all());
      assertThat(base.metadata()).containsKeys("postgres.startLsn", "postgres.stopLsn");
      assertThat(base.entries()).extracting(e -> e.path()).contains("pgdata/backup_label", "pgdata/PG_VERSION",
          "pgdata/global/pg_control", "pgdata/pg_wal");

      exec(pg, "INSERT INTO secrets VALUES ('" + MARKER + "')", "INSERT INTO t VALUES ('A')");
      Instant between = Instant.parse(one(pg, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
          + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
      exec(pg, "SELECT pg_sleep(0.05)", "INSERT INTO t VALUES ('B')");
      streamer.awaitReceived(one(pg, "SELECT pg_current_wal_insert_lsn()::text"), Duration.ofMinutes(1));
      streamer.close();
      assertThat(streamed.files()).anyMatch(f -> f.endsWith(".partial"));
      archiveCurrentWal(pg, wal, archiveDir);

      // the WAL PostgreSQL archived carries the row in plaintext; the repository's copies of it do not
      assertThat(containsMarker(archiveDir)).isTrue();
      assertThat(repoStore.list("sealed/wal/main/")).isNotEmpty();
      assertThat(repoStore.list("sealed/wal/streamed/")).isNotEmpty();
      for (ObjectInfo o : repoStore.list("")) {
        assertThat(contains(repoStore.get(o.key()))).as(o.key()).isFalse();
      }

      try (RecoveredPostgres r = recover(pg, base, wal, RecoveryTarget.time(between), binaries, "to-time")) {
        assertThat(rows(r)).isEqualTo("A");
        assertThat(r.lastTransactionTime()).isBeforeOrEqualTo(between);
      }
      // the same from WAL streamed over the replication protocol (the segment in progress stored as .partial)
      try (RecoveredPostgres r = recover(pg, base, streamed, RecoveryTarget.latest(), binaries, "streamed")) {
        assertThat(rows(r)).isEqualTo("A,B");
      }

      exec(pg, "INSERT INTO t VALUES ('C')");
      // the incremental reads the data directory locally (the base read it over SQL)
      Path dataDirectory = Path.of(one(pg, "SELECT current_setting('data_directory')"));
      Snapshot incrementalSnapshot = repo.backup(
          PostgresPhysicalBackupTarget.builder(pg).localDataDirectory(dataDirectory).build(), BackupRequest.defaults());
      assertThat(incrementalSnapshot.kind()).isEqualTo(BackupKind.INCREMENTAL);
      assertThat(incrementalSnapshot.parentId()).isEqualTo(baseSnapshot.id());
      assertThat(Long.parseLong(incrementalSnapshot.metadata().get("postgres.filesReused")))
          .as("unchanged files were taken from the parent").isPositive();
      SnapshotReader incremental = repo.read(incrementalSnapshot.id(), RestoreRequest.all());
      exec(pg, "INSERT INTO t VALUES ('D')");
      archiveCurrentWal(pg, wal, archiveDir);
      try (RecoveredPostgres r = recover(pg, incremental, wal, RecoveryTarget.latest(), binaries, "incremental")) {
        assertThat(rows(r)).isEqualTo("A,B,C,D");
      }
      repo.close();
    }
  }

  private RecoveredPostgres recover(PostgresConnection pg, SnapshotReader snapshot, PostgresWalArchive wal,
      RecoveryTarget target, Path binaries, String dir) throws IOException {
    Path data = tmp.resolve(dir);
    return PostgresPhysicalBackupTarget.builder(pg).restoreInto(data).walArchive(wal).recoveryTarget(target)
        .binaries(binaries).build().recover(snapshot);
  }

  private static String rows(RecoveredPostgres r) {
    return one(r.connection("postgres"), "SELECT string_agg(v, ',' ORDER BY v) FROM t");
  }

  /** Closes the current WAL segment, waits until archive_command copied it, and imports the archive directory. */
  private static void archiveCurrentWal(PostgresConnection pg, PostgresWalArchive wal, Path archiveDir)
      throws InterruptedException {
    String segment = one(pg, "SELECT pg_walfile_name(pg_switch_wal())");
    while (true) {
      String last = one(pg, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
      if (last.compareTo(segment) >= 0) {
        break;
      }
      Thread.sleep(50);
    }
    wal.importDirectory(archiveDir);
  }

  private static boolean containsMarker(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (contains(Files.readAllBytes(p))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean contains(byte[] data) {
    return new String(data, StandardCharsets.ISO_8859_1).contains(MARKER);
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
