package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupRequest;
import dev.resilience.CheckRequest;
import dev.resilience.PruneReport;
import dev.resilience.PruneRequest;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.spi.ObjectStore;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RepositoryPruneTest {
  private static final PruneRequest NOW = PruneRequest.defaults().withSafetyMargin(Duration.ZERO);

  private final ObjectStore store = ObjectStores.inMemory();

  @Test
  void pruneDeletesWhatOnlyForgottenSnapshotsUsedAndKeepsTheRest() {
    try (Repository repo = init(store)) {
      MapTarget a = generatedTree("map:a", 1);
      MapTarget b = generatedTree("map:b", 2);
      Snapshot sa = repo.backup(a, BackupRequest.defaults());
      Snapshot sb = repo.backup(b, BackupRequest.defaults());
      int packs = keys(store, "data/").size();
      repo.forget(sa.id());

      PruneReport dry = repo.prune(NOW.withDryRun(true));
      assertThat(dry.dryRun()).isTrue();
      assertThat(dry.packsDeleted()).isPositive();
      assertThat(keys(store, "data/")).hasSize(packs);

      PruneReport report = repo.prune(NOW);
      assertThat(report.packsDeleted()).isPositive();
      assertThat(report.bytesFreed()).isPositive();
      assertThat(keys(store, "data/").size()).isLessThan(packs);
      assertSameFiles(restore(repo, sb.id(), RestoreRequest.all()), b.files);
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
    }
  }

  @Test
  void withASafetyMarginNothingYoungIsDeletedAndASecondRunSweepsWhatTheFirstMarked() {
    try (Repository repo = init(store)) {
      Snapshot sa = repo.backup(generatedTree("map:a", 3), BackupRequest.defaults());
      repo.forget(sa.id());
      int packs = keys(store, "data/").size();
      PruneReport young = repo.prune(PruneRequest.defaults().withSafetyMargin(Duration.ofHours(1)));
      assertThat(young.packsDeleted()).isZero();
      assertThat(keys(store, "data/")).hasSize(packs);

      PruneReport mark = repo.prune(new PruneRequest(false, 0.5, Duration.ofMillis(1)));
      assertThat(mark.packsDeleted()).isZero();
      assertThat(keys(store, "data/")).hasSize(packs);
      assertThat(keys(store, "prune/")).hasSize(1);
      sleep(5);
      PruneReport sweep = repo.prune(new PruneRequest(false, 0.5, Duration.ofMillis(1)));
      assertThat(sweep.packsDeleted()).isGreaterThanOrEqualTo(packs);
      assertThat(keys(store, "data/")).isEmpty();
      assertThat(keys(store, "meta/")).isEmpty();
      assertThat(keys(store, "prune/")).isEmpty();
    }
  }

  @Test
  void aLiveBackupLeaseHoldsTheSweepBackAndAnExpiredOneDoesNot() {
    try (Repository repo = init(store)) {
      Snapshot sa = repo.backup(generatedTree("map:a", 7), BackupRequest.defaults());
      repo.forget(sa.id());
      int packs = keys(store, "data/").size();
      java.time.Instant now = java.time.Instant.now();
      // a backup that started an hour ago in another process and still renews its lease
      store.put("sessions/live", ("{\"kind\":\"backup\",\"started\":\"" + now.minusSeconds(3600)
          + "\",\"renewed\":\"" + now + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      PruneReport held = repo.prune(NOW);
      assertThat(held.packsDeleted()).isZero();
      assertThat(keys(store, "data/")).hasSize(packs);
      assertThat(keys(store, "prune/")).hasSize(1);

      // the process crashed: its lease is no longer renewed and expires
      store.put("sessions/live", ("{\"kind\":\"backup\",\"started\":\"" + now.minusSeconds(3600)
          + "\",\"renewed\":\"" + now.minus(Sessions.TTL).minusSeconds(1) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      PruneReport swept = repo.prune(NOW);
      assertThat(swept.packsDeleted()).isGreaterThanOrEqualTo(packs);
      assertThat(keys(store, "data/")).isEmpty();
      assertThat(keys(store, "sessions/")).isEmpty();
      assertThat(keys(store, "prune/")).isEmpty();
    }
  }

  @Test
  void repackKeepsUsedBlobsOfMostlyUnusedPacks() {
    Random r = new Random(5);
    MapTarget t = new MapTarget("map:mixed");
    // one pack holds both files: forgetting the snapshot that alone has "gone" leaves it mostly unused
    t.put("keep.bin", random(r, 5_000));
    t.put("gone.bin", random(r, 50_000));
    try (Repository repo = init(store)) {
      Snapshot both = repo.backup(t, BackupRequest.defaults());
      t.files.remove("gone.bin");
      Snapshot onlyKeep = repo.backup(t, BackupRequest.builder().full().build());
      repo.forget(both.id());
      PruneReport report = repo.prune(NOW);
      assertThat(report.packsRepacked()).isPositive();
      assertThat(report.blobsRemoved()).isPositive();
      assertSameFiles(restore(repo, onlyKeep.id(), RestoreRequest.all()), t.files);
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
    }
  }

  /**
   * Backups of changing data run in two threads while a third forgets old snapshots and prunes with no
   * safety margin in a loop. Afterwards every remaining snapshot restores exactly what it captured.
   */
  @Test
  void pruneRunningConcurrentlyWithBackupsLosesNothing() throws Exception {
    Map<String, Map<String, byte[]>> expected = new ConcurrentHashMap<>();
    AtomicBoolean backupsDone = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    long deleted = 0;
    try (Repository repo = Repository.init(store, key(), options())) {
      List<Future<?>> backups = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int worker = w;
        backups.add(pool.submit(() -> {
          Random r = new Random(worker);
          MapTarget t = new MapTarget("map:worker" + worker);
          for (int i = 0; i < 30; i++) {
            t.put("f" + r.nextInt(5), random(r, 2_000 + r.nextInt(20_000)));
            t.put("shared", text(new Random(i / 3), 4_000));
            Snapshot s = repo.backup(t, BackupRequest.builder().full().build());
            expected.put(s.id(), new HashMap<>(t.files));
          }
          return null;
        }));
      }
      Future<Long> pruner = pool.submit(() -> {
        long n = 0;
        Random r = new Random(99);
        while (!backupsDone.get()) {
          List<Snapshot> all = repo.snapshots();
          if (all.size() > 4) {
            Snapshot victim = all.get(r.nextInt(all.size() - 2));
            repo.forget(victim.id());
            expected.remove(victim.id());
          }
          n += repo.prune(NOW).packsDeleted();
        }
        return n;
      });
      for (Future<?> f : backups) {
        f.get(3, TimeUnit.MINUTES);
      }
      backupsDone.set(true);
      deleted = pruner.get(1, TimeUnit.MINUTES);
      deleted += repo.prune(NOW).packsDeleted();

      assertThat(deleted).as("packs deleted by the concurrent prunes").isPositive();
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
      List<Snapshot> remaining = repo.snapshots();
      assertThat(remaining).isNotEmpty();
      for (Snapshot s : remaining) {
        assertSameFiles(restore(repo, s.id(), RestoreRequest.all()), expected.get(s.id()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
