package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streamer's recovery point (what feeds the engine's RPO status) covers a committed row once its WAL is stored. */
class PostgresWalRecoveryPointIT {

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void theRecoveryPointReachesACommittedRowOnceItsWalIsStored(String version) throws Exception {
    PostgresConnection pg = TestServers.freshDatabase(version);
    String slot = "resilience_rp_" + ProcessHandle.current().pid() + "_" + version;
    Repository repo = Repository.init(ObjectStores.inMemory(),
        KeyProviders.insecurePassphraseForTests("pw".toCharArray(), 1000), RepositoryOptions.defaults());
    PostgresWalArchive archive = PostgresWalArchive.in(repo, "streamed");
    PostgresWalStreamer streamer = PostgresWalStreamer.create(pg, archive, slot);
    try {
      streamer.start();
      exec(pg, "SELECT pg_switch_wal()"); // the row's WAL lands in a fresh segment it cannot fill
      exec(pg, "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('A')");
      Instant committed = Instant.now();
      Thread.sleep(1500); // a probe or two run after the commit, but the segment holding the row is not stored
      assertThat(streamer.latestRecoveryPoint().filter(p -> !p.isBefore(committed)))
          .as("the row's WAL is only received, not stored").isEmpty();

      // keep WAL moving and close segments (as archive_timeout would) until the row's WAL is stored
      Instant deadline = committed.plus(Duration.ofSeconds(30));
      Optional<Instant> point = streamer.latestRecoveryPoint();
      while (point.map(p -> p.isBefore(committed)).orElse(true) && Instant.now().isBefore(deadline)) {
        exec(pg, "INSERT INTO t VALUES ('heartbeat')", "SELECT pg_switch_wal()");
        Thread.sleep(200);
        point = streamer.latestRecoveryPoint();
      }
      assertThat(point).as("recovery point after the commit at %s", committed).isPresent();
      assertThat(point.get()).isAfterOrEqualTo(committed).isBeforeOrEqualTo(Instant.now());
      assertThat(archive.files()).as("whole segments were stored").anyMatch(f -> !f.endsWith(".partial"));
    } finally {
      streamer.close();
      exec(pg, "SELECT pg_drop_replication_slot('" + slot + "')");
      repo.close();
    }
  }
}
