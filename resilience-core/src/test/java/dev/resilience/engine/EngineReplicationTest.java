package dev.resilience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.ObjectStores;
import dev.resilience.ReplicationPolicy;
import dev.resilience.ReplicationResult;
import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.Schedule;
import dev.resilience.Snapshot;
import dev.resilience.internal.replication.Replicator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineReplicationTest {
  @TempDir Path dir;

  @Test
  void aReplicatedSnapshotRestoresIdenticallyFromTheSecondRepository() {
    EngineFixture f = new EngineFixture(dir);
    // another store and another key: content is decrypted and re-encrypted on the way
    Repository dr = Repository.init(ObjectStores.filesystem(dir.resolve("dr-store"), f.clock), EngineFixture.key("dr-region"),
        f.options());
    var policy = EngineFixture.policy().replication(new ReplicationPolicy("dr-eu", Schedule.cron("30 * * * *"))).build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).replica("dr-eu", dr)
        .register(policy, BackupTargets.directory(f.source)).build();
    Snapshot first = engine.backupNow("acme", "uploads", true);
    f.clock.advance(Duration.ofHours(1));
    f.write("docs/new.txt", "added later");
    Snapshot second = engine.backupNow("acme", "uploads", false);

    ReplicationResult r = engine.replicate("acme", "uploads");
    assertThat(r.copied()).containsOnlyKeys(first.id(), second.id());
    assertThat(r.failed()).isEmpty();
    Snapshot copy = dr.snapshot(r.copied().get(second.id())).orElseThrow();
    assertThat(copy.contentDigest()).isEqualTo(second.contentDigest());
    assertThat(copy.tags()).containsEntry(Replicator.SOURCE_ID, second.id())
        .containsEntry(Replicator.SOURCE_STARTED_AT, second.startedAt().toString());

    Path restored = dir.resolve("restored-from-dr");
    dr.restore(copy.id(), BackupTargets.directory(restored), RestoreRequest.all());
    assertThat(EngineFixture.tree(restored)).isEqualTo(EngineFixture.tree(f.source));

    ReplicationResult again = engine.replicate("acme", "uploads");
    assertThat(again.copied()).isEmpty();
    assertThat(again.alreadyPresent()).containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(dr.snapshots()).hasSize(2);
  }

  @Test
  void replicationRunsOnItsSchedule() {
    EngineFixture f = new EngineFixture(dir);
    Repository dr = Repository.init(ObjectStores.inMemory(f.clock), EngineFixture.key("dr"), f.options());
    var policy = EngineFixture.policy().replication(new ReplicationPolicy("dr", Schedule.cron("30 * * * *"))).build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).replica("dr", dr)
        .register(policy, BackupTargets.directory(f.source)).build();
    Snapshot s = engine.backupNow("acme", "uploads", true);
    f.clock.advance(Duration.ofMinutes(45));
    engine.tick();
    assertThat(dr.snapshots()).singleElement().satisfies(c -> assertThat(c.tags()).containsEntry(Replicator.SOURCE_ID, s.id()));
  }
}
