package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.Classification;
import dev.resilience.DatasetPolicy;
import dev.resilience.InMemoryBackupTarget;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.Schedule;
import dev.resilience.Snapshot;
import dev.resilience.event.EngineEvent;
import dev.resilience.spi.Lease;
import dev.resilience.spi.LeaseProvider;
import dev.resilience.testkit.LeaseProviderContract;
import dev.resilience.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresLeaseProviderIT {

  /** Providers of one test share a fresh database; each has its own owner. */
  abstract static class OnVersion extends LeaseProviderContract {
    private PostgresConnection pg;

    abstract String version();

    @Override
    protected LeaseProvider provider(String owner) {
      if (pg == null) {
        pg = TestServers.freshDatabase(version());
      }
      return PostgresLeaseProvider.of(pg, owner, "resilience", "leases", clock);
    }
  }

  @Nested
  class OnPostgres14 extends OnVersion {
    @Override
    String version() {
      return "14";
    }
  }

  @Nested
  class OnPostgres17 extends OnVersion {
    @Override
    String version() {
      return "17";
    }
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void ownersRacingForTheSameNameGetOneLease(String version) throws Exception {
    PostgresConnection pg = TestServers.freshDatabase(version);
    MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    PostgresLeaseProvider.of(pg, "setup", "resilience", "leases", clock).tryAcquire("warm-up", Duration.ofMinutes(1));
    int owners = 8;
    ExecutorService pool = Executors.newFixedThreadPool(owners);
    try {
      for (int round = 0; round < 3; round++) { // round 0 inserts the row, later rounds take an expired one over
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Lease>>> results = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
          PostgresLeaseProvider p = PostgresLeaseProvider.of(pg, "engine-" + i, "resilience", "leases", clock);
          results.add(pool.submit(() -> {
            start.await();
            return p.tryAcquire("jobs/race", Duration.ofMinutes(5));
          }));
        }
        start.countDown();
        List<Lease> won = new ArrayList<>();
        for (Future<Optional<Lease>> f : results) {
          f.get(1, TimeUnit.MINUTES).ifPresent(won::add);
        }
        assertThat(won).as("round " + round).hasSize(1);
        assertThat(won.get(0).token()).isEqualTo(round + 1);
        clock.advance(Duration.ofMinutes(6));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void twoEnginesSharingARepositoryAndTheLeaseTableRunEachScheduledBackupOnce(String version) {
    PostgresConnection pg = TestServers.freshDatabase(version);
    MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (Repository repo = Repository.init(ObjectStores.inMemory(clock),
        KeyProviders.insecurePassphraseForTests("lease-pass".toCharArray(), 1000),
        RepositoryOptions.builder().clock(clock).build())) {
      InMemoryBackupTarget target = BackupTargets.inMemory();
      target.putFile("orders.csv", "id,total\n1,10\n".getBytes(StandardCharsets.UTF_8));
      DatasetPolicy policy = DatasetPolicy.builder("acme", "orders").classification(Classification.OPERATIONAL)
          .fullBackups(Schedule.cron("0 */6 * * *")).rpo(Duration.ofHours(7)).rto(Duration.ofMinutes(30)).build();
      List<BackupEngine> engines = new ArrayList<>();
      for (String owner : List.of("engine-a", "engine-b")) {
        engines.add(BackupEngine.builder(repo).clock(clock).owner(owner).listener(events::add)
            .leases(PostgresLeaseProvider.of(pg, owner, "resilience", "leases", clock))
            .register(policy, target).build());
      }
      for (int i = 0; i < 48; i++) { // 24 hours, both engines ticking every 30 minutes
        clock.advance(Duration.ofMinutes(30));
        engines.forEach(BackupEngine::tick);
      }

      assertThat(repo.snapshots()).extracting(s -> s.tags().get("scheduled-for")).containsExactly(
          "2026-11-20T12:00:00Z", "2026-11-20T18:00:00Z", "2026-11-21T00:00:00Z", "2026-11-21T06:00:00Z");
      assertThat(repo.snapshots()).extracting(Snapshot::tenant).containsOnly("acme");
      synchronized (events) {
        assertThat(events).filteredOn(EngineEvent.JobFinished.class::isInstance).hasSize(4)
            .allMatch(e -> ((EngineEvent.JobFinished) e).succeeded());
        assertThat(events).filteredOn(EngineEvent.JobRanElsewhere.class::isInstance).isNotEmpty();
      }
      // the leases lived in PostgreSQL, not in the repository's object store
      assertThat(repo.store().list("leases/")).isEmpty();
      List<List<String>> rows = query(pg, "SELECT name, token > 1 FROM resilience.leases ORDER BY name");
      assertThat(rows).isNotEmpty().allMatch(r -> r.get(0).startsWith("jobs/acme/orders") && r.get(1).equals("t"));
    }
  }
}
