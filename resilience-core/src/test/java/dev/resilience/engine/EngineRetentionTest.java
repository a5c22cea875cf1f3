package dev.resilience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.LegalHold;
import dev.resilience.LiveRetentionReport;
import dev.resilience.RestoreRequest;
import dev.resilience.RetentionPlan;
import dev.resilience.RetentionPolicy;
import dev.resilience.RetentionResult;
import dev.resilience.Snapshot;
import dev.resilience.evidence.EvidenceAction;
import dev.resilience.evidence.EvidenceLog;
import dev.resilience.evidence.InMemoryEvidenceSink;
import dev.resilience.evidence.SigningKey;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.RetentionRule.Action;
import dev.resilience.spi.StorageTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineRetentionTest {
  @TempDir Path dir;

  @Test
  void applyingAPlanForgetsExactlyTheDeletedSnapshotsRespectsHoldsAndPrunes() {
    EngineFixture f = new EngineFixture(dir);
    var policy = EngineFixture.policy().retention(RetentionPolicy.builder().keepLast(2).hot(java.time.Duration.ofDays(1)).build())
        .build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock)
        .register(policy, BackupTargets.directory(f.source)).build();
    List<Snapshot> taken = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      f.write("day.txt", "day " + i + " ".repeat(i * 1000));
      taken.add(engine.backupNow("acme", "uploads", i == 0));
      f.clock.advance(Duration.ofDays(1));
    }
    engine.placeHold(LegalHold.builder("case-7", "subpoena").snapshot(taken.get(1).id()).placedBy("legal").build());

    RetentionResult dry = engine.enforceRetention("acme", "uploads", true);
    assertThat(dry.dryRun()).isTrue();
    assertThat(f.repository.snapshots()).hasSize(5);
    RetentionPlan plan = dry.plan();
    assertThat(plan.decision(taken.get(1).id()).orElseThrow().reasons()).anyMatch(r -> r.startsWith("legal hold case-7"));

    f.clock.advance(Duration.ofHours(2)); // past prune's safety margin
    RetentionResult applied = engine.enforceRetention("acme", "uploads", false);
    assertThat(applied.deleted()).containsExactlyInAnyOrder(taken.get(0).id(), taken.get(2).id());
    assertThat(applied.movedToCold()).contains(taken.get(3).id(), taken.get(1).id());
    assertThat(f.repository.snapshots()).extracting(Snapshot::id)
        .containsExactlyInAnyOrder(taken.get(1).id(), taken.get(3).id(), taken.get(4).id());
    assertThat(applied.prune()).isNotNull();
    assertThat(engine.planRetention("acme", "uploads").decision(taken.get(3).id()).orElseThrow().action())
        .as("already cold: no second move").isEqualTo(Action.KEEP);

    Path restored = dir.resolve("restored");
    f.repository.restore(taken.get(4).id(), BackupTargets.directory(restored), RestoreRequest.all());
    assertThat(EngineFixture.tree(restored)).isEqualTo(EngineFixture.tree(f.source));

    engine.releaseHold("case-7");
    assertThat(engine.holds()).isEmpty();
    assertThat(engine.enforceRetention("acme", "uploads", false).deleted()).containsExactly(taken.get(1).id());
  }

  @Test
  void snapshotsPastTheHotPeriodHaveTheirOwnPacksMovedToTheColdTierAndStillRestore() {
    EngineFixture f = new EngineFixture(dir);
    var policy = EngineFixture.policy().retention(RetentionPolicy.builder().keepLast(5).hot(Duration.ofDays(1)).build())
        .build();
    EvidenceLog log = EvidenceLog.builder()
        .sink(new InMemoryEvidenceSink()).signingKey(SigningKey.generate())
        .clock(f.clock).actor("tier-test").build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).evidence(log)
        .register(policy, BackupTargets.directory(f.source)).build();
    Random r = new Random(11);
    f.write("old.txt", HexFormat.of().formatHex(randomBytes(r, 400_000)));
    Snapshot old = engine.backupNow("acme", "uploads", true);
    Path oldTree = dir.resolve("old-expected");
    f.repository.restore(old.id(), BackupTargets.directory(oldTree), RestoreRequest.all());
    Set<String> packsOfOld = dataPacks(f, null);
    f.clock.advance(Duration.ofDays(2));
    f.write("old.txt", HexFormat.of().formatHex(randomBytes(r, 400_000)));
    Snapshot fresh = engine.backupNow("acme", "uploads", true);
    Set<String> packsOfFresh = dataPacks(f, null);
    packsOfFresh.removeAll(packsOfOld);

    RetentionResult applied = engine.enforceRetention("acme", "uploads", false);

    assertThat(applied.movedToCold()).containsExactly(old.id());
    Set<String> cold = dataPacks(f, StorageTier.COLD);
    assertThat(cold).as("old.txt (800 KB of hex) fills several packs").hasSizeGreaterThanOrEqualTo(3);
    assertThat(packsOfOld).containsAll(cold);
    assertThat(dataPacks(f, StorageTier.HOT)).containsAll(packsOfFresh)
        .as("the files both snapshots share stay hot").isNotEmpty();
    assertThat(applied.tiers().packsToCold()).isEqualTo(cold.size());
    assertThat(applied.tiers().bytesToCold()).isPositive();
    assertThat(log.records()).filteredOn(e -> e.action() == EvidenceAction.RETENTION_DECISION)
        .singleElement().satisfies(e -> {
          assertThat(e.subject().snapshot()).isEqualTo(old.id());
          assertThat(e.detailString("decision")).isEqualTo("cold");
          assertThat(e.detailLong("packsToCold")).isEqualTo((long) cold.size());
        });

    Path restored = dir.resolve("restored-old");
    f.repository.restore(old.id(), BackupTargets.directory(restored), RestoreRequest.all());
    assertThat(EngineFixture.tree(restored)).isEqualTo(EngineFixture.tree(oldTree));
    assertThat(engine.enforceRetention("acme", "uploads", false).tiers().packsToCold()).as("nothing left to move").isZero();
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** Data packs in the tier, or all of them for {@code null}. */
  private static Set<String> dataPacks(EngineFixture f, StorageTier tier) {
    return f.repository.store().list("data/").stream().filter(i -> tier == null || i.tier() == tier)
        .map(ObjectInfo::key).collect(Collectors.toCollection(HashSet::new));
  }

  @Test
  void liveRetentionReportsArchivesAndPurgesOnlyExpiredFiles() throws IOException {
    EngineFixture f = new EngineFixture(dir);
    Path live = dir.resolve("live");
    Files.createDirectories(live.resolve("2025"));
    Files.writeString(live.resolve("2025/old-1.log"), "old one");
    Files.writeString(live.resolve("2025/old-2.log"), "old two");
    Files.writeString(live.resolve("fresh.log"), "fresh");
    FileTime old = FileTime.from(f.clock.instant().minus(Duration.ofDays(45)));
    Files.setLastModifiedTime(live.resolve("2025/old-1.log"), old);
    Files.setLastModifiedTime(live.resolve("2025/old-2.log"), old);
    Files.setLastModifiedTime(live.resolve("fresh.log"), FileTime.from(f.clock.instant().minus(Duration.ofDays(1))));
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock)
        .register(EngineFixture.policy().build(), BackupTargets.directory(f.source),
            BackupTargets.directoryRetention(live, Duration.ofDays(30)))
        .build();

    LiveRetentionReport dry = engine.enforceLiveRetention("acme", "uploads", true, true, 1).get(0);
    assertThat(dry.selected()).isEqualTo(2);
    assertThat(dry.purged()).isZero();
    assertThat(live.resolve("2025/old-1.log")).exists();

    LiveRetentionReport done = engine.enforceLiveRetention("acme", "uploads", false, true, 1).get(0);
    assertThat(done.purged()).isEqualTo(2);
    assertThat(live.resolve("2025/old-1.log")).doesNotExist();
    assertThat(live.resolve("fresh.log")).exists();
    Snapshot archive = f.repository.snapshot(done.archiveSnapshotId()).orElseThrow();
    assertThat(archive.tags()).containsEntry(BackupEngine.ARCHIVE_TAG, "live-retention");
    Path restored = dir.resolve("archive-restored");
    f.repository.restore(archive.id(), BackupTargets.directory(restored), RestoreRequest.all());
    assertThat(EngineFixture.tree(restored)).containsOnlyKeys("2025/old-1.log", "2025/old-2.log")
        .containsEntry("2025/old-1.log", "old one");
    assertThat(engine.status("acme", "uploads").lastSnapshotId()).as("archives are not backups").isNull();
  }
}
