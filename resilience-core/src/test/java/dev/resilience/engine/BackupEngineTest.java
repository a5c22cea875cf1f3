package dev.resilience.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.ConfigurationException;
import dev.resilience.DatasetStatus;
import dev.resilience.NotFoundException;
import dev.resilience.PolicyDocument;
import dev.resilience.PolicyValidationException;
import dev.resilience.PolicyViolationException;
import dev.resilience.RetentionPolicy;
import dev.resilience.Schedule;
import dev.resilience.Snapshot;
import dev.resilience.event.EngineEvent;
import dev.resilience.event.EngineEvent.JobKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupEngineTest {
  @TempDir Path dir;

  @Test
  void statusReportsTheRestorablePointAgainstTheRpoAndEmitsOneBreachEvent() {
    EngineFixture f = new EngineFixture(dir);
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).listener(f.events::add)
        .register(EngineFixture.policy().build(), BackupTargets.directory(f.source)).build();
    DatasetStatus empty = engine.status("acme", "uploads");
    assertThat(empty.rpoBreached()).as("no backup yet").isTrue();
    assertThat(empty.nextRuns()).containsEntry(JobKind.FULL_BACKUP, Instant.parse("2026-11-21T02:00:00Z"));

    Snapshot s = engine.backupNow("acme", "uploads", true);
    f.clock.advance(Duration.ofHours(2));
    DatasetStatus ok = engine.status("acme", "uploads");
    assertThat(ok.lastSnapshotId()).isEqualTo(s.id());
    assertThat(ok.lastRestorablePoint()).isEqualTo(s.startedAt());
    assertThat(ok.rpoAge()).isEqualTo(Duration.ofHours(2));
    assertThat(ok.rpoBreached()).isFalse();

    f.clock.advance(Duration.ofHours(24));
    assertThat(engine.status("acme", "uploads").rpoBreached()).isTrue();
    engine.status("acme", "uploads");
    assertThat(f.events(EngineEvent.RpoBreached.class)).hasSize(2) // one before the first backup, one now
        .last().satisfies(e -> assertThat(e.age()).isEqualTo(Duration.ofHours(26)));
  }

  @Test
  void aRecoveryPointNewerThanTheSnapshotIsTheRestorablePointAndKeepsTheRpo() {
    EngineFixture f = new EngineFixture(dir);
    AtomicReference<Optional<Instant>> archivedUpTo = new AtomicReference<>(Optional.empty());
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).listener(f.events::add)
        .register(EngineFixture.policy().build(), BackupTargets.directory(f.source))
        .recoveryPoint("acme", "uploads", archivedUpTo::get).build();
    Snapshot s = engine.backupNow("acme", "uploads", true);
    f.clock.advance(Duration.ofHours(26));
    DatasetStatus stale = engine.status("acme", "uploads");
    assertThat(stale.rpoBreached()).as("the source knows nothing yet: the 26h old snapshot counts").isTrue();
    assertThat(stale.lastRestorablePoint()).isEqualTo(s.startedAt());

    Instant archived = f.clock.instant().minus(Duration.ofMinutes(10));
    archivedUpTo.set(Optional.of(archived));
    DatasetStatus fresh = engine.status("acme", "uploads");
    assertThat(fresh.lastRestorablePoint()).isEqualTo(archived);
    assertThat(fresh.rpoAge()).isEqualTo(Duration.ofMinutes(10));
    assertThat(fresh.rpoBreached()).isFalse();
    assertThat(fresh.lastSnapshotId()).isEqualTo(s.id());

    archivedUpTo.set(Optional.of(s.startedAt().minus(Duration.ofHours(1))));
    assertThat(engine.status("acme", "uploads").lastRestorablePoint()).as("an older point never hides a newer snapshot")
        .isEqualTo(s.startedAt());
  }

  @Test
  void aRecoveryPointSourceForAnUnregisteredDatasetIsRefused() {
    EngineFixture f = new EngineFixture(dir);
    var builder = BackupEngine.builder(f.repository).clock(f.clock)
        .register(EngineFixture.policy().build(), BackupTargets.directory(f.source))
        .recoveryPoint("acme", "nope", Optional::empty);
    assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class).hasMessageContaining("acme/nope");
  }

  @Test
  void theSchedulerBacksUpOnTimeAndTwoEnginesOnOneRepositoryRunEachOccurrenceOnce() {
    EngineFixture f = new EngineFixture(dir);
    var policy = EngineFixture.policy().fullBackups(Schedule.cron("0 */6 * * *")).rpo(Duration.ofHours(7)).build();
    BackupEngine a = BackupEngine.builder(f.repository).clock(f.clock).owner("a").listener(f.events::add)
        .register(policy, BackupTargets.directory(f.source)).build();
    BackupEngine b = BackupEngine.builder(f.repository).clock(f.clock).owner("b").listener(f.events::add)
        .register(policy, BackupTargets.directory(f.source)).build();
    for (int i = 0; i < 48; i++) {
      f.clock.advance(Duration.ofMinutes(30));
      a.tick();
      b.tick();
    }
    List<Snapshot> snapshots = f.repository.snapshots();
    assertThat(snapshots).extracting(sn -> sn.tags().get("scheduled-for")).containsExactly(
        "2026-11-20T12:00:00Z", "2026-11-20T18:00:00Z", "2026-11-21T00:00:00Z", "2026-11-21T06:00:00Z");
    assertThat(snapshots).extracting(Snapshot::startedAt).containsExactly(
        Instant.parse("2026-11-20T12:00:00Z"), Instant.parse("2026-11-20T18:00:00Z"),
        Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-21T06:00:00Z"));
    assertThat(f.events(EngineEvent.JobFinished.class)).hasSize(4).allMatch(EngineEvent.JobFinished::succeeded);
    assertThat(f.events(EngineEvent.JobRanElsewhere.class)).isNotEmpty();
    assertThat(a.status("acme", "uploads").rpoBreached()).isFalse();
  }

  @Test
  void aPolicyDocumentRegistersEveryDatasetWithItsTarget() {
    EngineFixture f = new EngineFixture(dir);
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).build();
    PolicyDocument doc = PolicyDocument.parse("""
        version: 1
        datasets:
          - {tenant: acme, dataset: uploads, classification: OPERATIONAL, schedules: {full: {cron: "0 2 * * *"}}, rpo: 2d}
          - {tenant: globex, dataset: docs, classification: PII, schedules: {full: {cron: "0 3 * * *"}}, rpo: 2d}
        """);
    engine.register(doc, p -> BackupTargets.directory(f.source));
    assertThat(engine.datasets()).containsExactlyInAnyOrder("acme/uploads", "globex/docs");
    Snapshot s = engine.backupNow("globex", "docs", true);
    assertThat(s.classification()).isEqualTo(dev.resilience.Classification.PII);
    assertThat(s.tenant()).isEqualTo("globex");
  }

  @Test
  void wormRetentionCanBeExtendedButAShorteningIsRefused() {
    EngineFixture f = new EngineFixture(dir);
    RetentionPolicy worm = RetentionPolicy.builder().keepDaily(7).worm(Duration.ofDays(30)).build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock)
        .register(EngineFixture.policy().retention(worm).build(), BackupTargets.directory(f.source)).build();
    Snapshot locked = engine.backupNow("acme", "uploads", true);
    assertThatThrownBy(() -> f.repository.forget(locked.id())).as("the store's object lock protects the manifest")
        .isInstanceOf(PolicyViolationException.class);
    var longer = EngineFixture.policy().retention(worm.toBuilder().worm(Duration.ofDays(60)).build()).build();
    engine.register(longer, BackupTargets.directory(f.source), List.of());
    var shorter = EngineFixture.policy().retention(worm.toBuilder().keepDaily(3).worm(Duration.ofDays(60)).build()).build();
    BackupEngine other = BackupEngine.builder(f.repository).clock(f.clock).build(); // another instance sees the record too
    assertThatThrownBy(() -> other.register(shorter, BackupTargets.directory(f.source), List.of()))
        .isInstanceOf(PolicyViolationException.class)
        .hasMessageContaining("retention.keepDaily: 7 cannot become 3");
  }

  @Test
  void registrationValidatesThePolicyAndUnknownDatasetsAreNamed() {
    EngineFixture f = new EngineFixture(dir);
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).build();
    var bad = EngineFixture.policy().rpo(Duration.ofHours(1)).buildUnchecked();
    assertThatThrownBy(() -> engine.register(bad, BackupTargets.directory(f.source), List.of()))
        .isInstanceOf(PolicyValidationException.class).hasMessageContaining("rpo: 1h is shorter");
    assertThatThrownBy(() -> engine.status("acme", "nope")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("acme/nope");
  }

  @Test
  void metersCountJobsBytesAndRpoAge() {
    EngineFixture f = new EngineFixture(dir);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).meterRegistry(meters)
        .register(EngineFixture.policy().build(), BackupTargets.directory(f.source)).build();
    Snapshot s = engine.backupNow("acme", "uploads", true);
    f.clock.advance(Duration.ofMinutes(90));
    engine.status("acme", "uploads");
    assertThat(meters.get("resilience.jobs").tag("outcome", "success").tag("kind", "full_backup").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("resilience.job.bytes").summary().totalAmount()).isEqualTo(s.stats().totalBytes());
    assertThat(meters.get("resilience.rpo.age").tag("dataset", "acme/uploads").gauge().value()).isEqualTo(90 * 60.0);
    assertThat(meters.get("resilience.repository.size").gauge().value()).isPositive();
  }
}
