package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupRequest;
import dev.resilience.CheckRequest;
import dev.resilience.ObjectStores;
import dev.resilience.PruneRequest;
import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.TierReport;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.StorageTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TieringTest {
  @TempDir Path dir;

  private static Set<String> inTier(ObjectStore store, String prefix, StorageTier tier) {
    return store.list(prefix).stream().filter(i -> i.tier() == tier).map(ObjectInfo::key).collect(Collectors.toSet());
  }

  private static Set<String> keySet(ObjectStore store, String prefix) {
    return new HashSet<>(keys(store, prefix));
  }

  @Test
  void packsOnlyColdSnapshotsNeedMoveToColdSharedOnesStayHotAndEverythingStillRestores() throws Exception {
    ObjectStore store = ObjectStores.filesystem(dir.resolve("repo"));
    Random r = new Random(42);
    byte[] shared = random(r, 300_000);
    MapTarget a = new MapTarget("map:x").put("a-only.bin", random(r, 300_000)).put("shared.bin", shared);
    MapTarget b = new MapTarget("map:x").put("b-only.bin", random(r, 300_000)).put("shared.bin", shared);
    try (Repository repo = init(store)) {
      Snapshot sa = repo.backup(a, BackupRequest.defaults());
      Set<String> packsOfA = keySet(store, "data/");
      Snapshot sb = repo.backup(b, BackupRequest.defaults());
      Set<String> packsOfB = keySet(store, "data/");
      packsOfB.removeAll(packsOfA);

      TierReport report = repo.applyTiers(Set.of(sa.id()));

      Set<String> cold = inTier(store, "data/", StorageTier.COLD);
      assertThat(cold).as("a-only.bin fills several 64 KiB packs").hasSizeGreaterThanOrEqualTo(3);
      assertThat(packsOfA).as("only packs the cold snapshot wrote can be cold").containsAll(cold);
      assertThat(inTier(store, "data/", StorageTier.HOT)).containsAll(packsOfB);
      assertThat(packsOfA.size() - cold.size()).as("the shared content's packs stay hot").isGreaterThanOrEqualTo(4);
      assertThat(report.packsToCold()).isEqualTo(cold.size());
      assertThat(report.bytesToCold()).isEqualTo(store.list("data/").stream()
          .filter(i -> cold.contains(i.key())).mapToLong(ObjectInfo::size).sum());
      assertThat(report.packsToHot()).isZero();
      for (String prefix : List.of("meta/", "index/", "snapshots/", "keys/", "config")) {
        assertThat(inTier(store, prefix, StorageTier.COLD)).as(prefix).isEmpty();
      }
      assertThat(Files.isDirectory(dir.resolve("repo/.cold/data"))).isTrue();

      assertSameFiles(restore(repo, sa.id(), RestoreRequest.all()), a.files);
      assertSameFiles(restore(repo, sb.id(), RestoreRequest.all()), b.files);
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
      assertThat(repo.applyTiers(Set.of(sa.id()))).as("idempotent").isEqualTo(TierReport.none());

      TierReport back = repo.applyTiers(Set.of());
      assertThat(back.packsToHot()).isEqualTo(cold.size());
      assertThat(back.bytesToHot()).isEqualTo(report.bytesToCold());
      assertThat(inTier(store, "data/", StorageTier.COLD)).isEmpty();
      assertSameFiles(restore(repo, sa.id(), RestoreRequest.all()), a.files);

      // Oracle: the packs made cold are exactly those prune deletes once the cold snapshot is forgotten.
      repo.applyTiers(Set.of(sa.id()));
      repo.forget(sa.id());
      repo.prune(new PruneRequest(false, 1.0, Duration.ZERO));
      Set<String> left = keySet(store, "data/");
      Set<String> expected = new HashSet<>(packsOfA);
      expected.addAll(packsOfB);
      expected.removeAll(cold);
      assertThat(left).isEqualTo(expected);
      assertSameFiles(restore(repo, sb.id(), RestoreRequest.all()), b.files);
    }
  }

  @Test
  void aPackDeletedMeanwhileIsSkippedNotAnError() {
    ObjectStore store = ObjectStores.filesystem(dir.resolve("repo"));
    Random r = new Random(7);
    MapTarget a = new MapTarget("map:a").put("a.bin", random(r, 300_000));
    try (Repository repo = init(store)) {
      Snapshot sa = repo.backup(a, BackupRequest.defaults());
      List<String> packs = keys(store, "data/");
      store.delete(packs.get(0)); // as a concurrent prune's sweep would

      TierReport report = repo.applyTiers(Set.of(sa.id()));

      assertThat(report.packsSkipped()).isEqualTo(1);
      assertThat(report.packsToCold()).isEqualTo(packs.size() - 1);
      assertThat(inTier(store, "data/", StorageTier.COLD)).containsExactlyInAnyOrderElementsOf(packs.subList(1, packs.size()));
    }
  }
}
