package dev.resilience.benchmarks;

import dev.resilience.BackupRequest;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.postgres.PostgresBackupTarget;
import dev.resilience.postgres.PostgresConnection;
import dev.resilience.postgres.PostgresPhysicalBackupTarget;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Resilience side of {@code benchmarks/postgres-vs-pg_dump.sh}: one operation per process so that the
 * script times whole processes, as it does for pg_dump, pg_restore and pg_basebackup.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.resilience.benchmarks.PostgresHeadToHead backup-logical  JDBC_URL USER REPO_DIR
 *   java -cp benchmarks.jar dev.resilience.benchmarks.PostgresHeadToHead restore-logical JDBC_URL USER REPO_DIR
 *   java -cp benchmarks.jar dev.resilience.benchmarks.PostgresHeadToHead backup-physical JDBC_URL USER REPO_DIR [DATA_DIR]
 * </pre>
 *
 * The password comes from {@code PGPASSWORD} (if set), the repository passphrase from
 * {@code RESILIENCE_PASSPHRASE} (default {@code bench}).
 */
public final class PostgresHeadToHead {
  private PostgresHeadToHead() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: (backup-logical|restore-logical|backup-physical) JDBC_URL USER REPO_DIR [DATA_DIR]");
      System.exit(2);
    }
    String pw = System.getenv("PGPASSWORD");
    PostgresConnection conn = PostgresConnection.of(args[1], args[2], () -> pw == null ? null : pw.toCharArray());
    Path repoDir = Path.of(args[3]);
    String passphrase = System.getenv().getOrDefault("RESILIENCE_PASSPHRASE", "bench");
    KeyProvider key = KeyProviders.passphrase(passphrase.toCharArray());
    boolean exists = Files.isDirectory(repoDir) && Files.list(repoDir).findAny().isPresent();
    Files.createDirectories(repoDir);
    ObjectStore store = ObjectStores.filesystem(repoDir);
    try (Repository repo = exists ? Repository.open(store, key) : Repository.init(store, key, RepositoryOptions.defaults())) {
      switch (args[0]) {
        case "backup-logical" -> report(repo.backup(PostgresBackupTarget.builder(conn).build(), BackupRequest.defaults()));
        case "backup-physical" -> {
          PostgresPhysicalBackupTarget.Builder b = PostgresPhysicalBackupTarget.builder(conn);
          if (args.length > 4) {
            b.localDataDirectory(Path.of(args[4]));
          }
          BackupTarget target = b.build();
          report(repo.backup(target, BackupRequest.defaults()));
        }
        case "restore-logical" -> {
          List<Snapshot> all = repo.snapshots();
          Snapshot last = all.get(all.size() - 1);
          var result = repo.restore(last.id(), PostgresBackupTarget.builder(conn).build(), RestoreRequest.all());
          System.out.println("restored " + last.shortId() + ": " + result.entries() + " entries, " + result.bytes()
              + " bytes in " + result.duration().toMillis() + " ms");
        }
        default -> {
          System.err.println("unknown operation " + args[0]);
          System.exit(2);
        }
      }
    }
  }

  private static void report(Snapshot s) {
    System.out.println("snapshot " + s.shortId() + " " + s.kind() + ": " + s.stats().totalBytes() + " bytes read, "
        + s.stats().storedBytes() + " bytes stored, " + s.duration().toMillis() + " ms");
  }
}
