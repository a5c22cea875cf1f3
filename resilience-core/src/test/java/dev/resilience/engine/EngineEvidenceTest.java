package dev.resilience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.DrillPolicy;
import dev.resilience.LegalHold;
import dev.resilience.ObjectStores;
import dev.resilience.ReplicationPolicy;
import dev.resilience.Repository;
import dev.resilience.Schedule;
import dev.resilience.evidence.ControlsReport;
import dev.resilience.evidence.ControlsReport.Control;
import dev.resilience.evidence.ControlsReport.Status;
import dev.resilience.evidence.ControlsReporter;
import dev.resilience.evidence.DatasetExpectations;
import dev.resilience.RetentionPolicy;
import dev.resilience.Snapshot;
import dev.resilience.evidence.EvidenceAction;
import dev.resilience.evidence.EvidenceLog;
import dev.resilience.evidence.EvidenceRecord;
import dev.resilience.evidence.EvidenceVerifier;
import dev.resilience.evidence.InMemoryEvidenceSink;
import dev.resilience.evidence.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineEvidenceTest {
  @TempDir Path dir;

  @Test
  void everyActionLeavesASignedChainedRecordWithTheDocumentedDetails() {
    EngineFixture f = new EngineFixture(dir);
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    SigningKey key = SigningKey.generate();
    EvidenceLog log = EvidenceLog.builder().sink(sink).signingKey(key).clock(f.clock).actor("engine-test").build();
    var policy = EngineFixture.policy().retention(RetentionPolicy.builder().keepLast(1).build())
        .drill(DrillPolicy.latest(null)).build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).evidence(log)
        .register(policy, BackupTargets.directory(f.source)).build();
    Snapshot first = engine.backupNow("acme", "uploads", true);
    f.clock.advance(Duration.ofHours(3));
    engine.backupNow("acme", "uploads", false);
    engine.drill("acme", "uploads");
    engine.placeHold(LegalHold.builder("case-1", "audit").tenant("acme").build());
    engine.releaseHold("case-1");
    engine.enforceRetention("acme", "uploads", false);

    List<EvidenceRecord> records = log.records();
    assertThat(records).extracting(EvidenceRecord::action).containsExactly(
        EvidenceAction.POLICY_CHANGE, EvidenceAction.BACKUP, EvidenceAction.BACKUP, EvidenceAction.DRILL,
        EvidenceAction.LEGAL_HOLD_SET, EvidenceAction.LEGAL_HOLD_RELEASE, EvidenceAction.RETENTION_DECISION,
        EvidenceAction.DELETION);
    EvidenceRecord backup = records.get(1);
    assertThat(backup.subject().snapshot()).isEqualTo(first.id());
    assertThat(backup.detailString("contentDigest")).isEqualTo(first.contentDigest());
    assertThat(backup.detailBoolean("encrypted")).isTrue();
    assertThat(records.get(3).detailBoolean("passed")).isTrue();
    assertThat(records.get(3).detailLong("rtoMs")).isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(records.get(7).subject().snapshot()).isEqualTo(first.id());
    assertThat(records.get(7).detailLong("ageMs")).isEqualTo(Duration.ofHours(3).toMillis());
    assertThat(EvidenceVerifier.trusting(key.publicKey()).verify(sink.readAll()).intact()).isTrue();
  }

  @Test
  void theControlsReportSeesTheEnginesSecondRegionCopyOnlyWhenRegionsAreStated() {
    assertThat(crossRegionControl(true).status()).isEqualTo(Status.PASS);
    ControlsReport.ControlResult unstated = crossRegionControl(false);
    assertThat(unstated.status()).isEqualTo(Status.FAIL);
    assertThat(unstated.reason()).contains("do not state their region");
  }

  private ControlsReport.ControlResult crossRegionControl(boolean statedRegions) {
    Path base = dir.resolve(statedRegions ? "stated" : "unstated");
    EngineFixture f = new EngineFixture(base);
    Repository dr = Repository.init(ObjectStores.inMemory(f.clock), EngineFixture.key("dr"), f.options());
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    EvidenceLog log = EvidenceLog.builder().sink(sink).signingKey(SigningKey.generate()).clock(f.clock).actor("t").build();
    var policy = EngineFixture.policy().replication(new ReplicationPolicy("dr", Schedule.cron("30 * * * *"))).build();
    BackupEngine.Builder b = BackupEngine.builder(f.repository).clock(f.clock).evidence(log)
        .register(policy, BackupTargets.directory(f.source));
    BackupEngine engine = statedRegions ? b.region("eu-west-1").replica("dr", dr, "eu-central-1").build()
        : b.replica("dr", dr).build();
    var from = f.clock.instant();
    engine.backupNow("acme", "uploads", true);
    f.clock.advance(Duration.ofMinutes(10));
    engine.replicate("acme", "uploads");
    f.clock.advance(Duration.ofMinutes(10));
    ControlsReport report = new ControlsReporter(f.clock).report(log.records(),
        List.of(DatasetExpectations.none("uploads").withTenant("acme").withCrossRegionCopyRequired(true)),
        from, f.clock.instant(), new ControlsReport.LogIntegrity(true, "test"));
    return report.datasets().get(0).control(Control.CROSS_REGION_COPY);
  }
}
