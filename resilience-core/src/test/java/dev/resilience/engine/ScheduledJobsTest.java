package dev.resilience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.DatasetStatus;
import dev.resilience.DrillPolicy;
import dev.resilience.RetentionPolicy;
import dev.resilience.Schedule;
import dev.resilience.StoreUnavailableException;
import dev.resilience.event.EngineEvent;
import dev.resilience.event.EngineEvent.JobKind;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs the scheduler runs on its own: backups followed by retention, drills, failures. */
class ScheduledJobsTest {
  @TempDir Path dir;

  @Test
  void scheduledBackupsEnforceRetentionAndScheduledDrillsShowInStatus() {
    EngineFixture f = new EngineFixture(dir);
    var policy = EngineFixture.policy().fullBackups(Schedule.cron("0 */6 * * *")).rpo(Duration.ofHours(7))
        .retention(RetentionPolicy.builder().keepLast(2).build())
        .drill(DrillPolicy.latest(Schedule.cron("0 5 * * *"))).build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).listener(f.events::add)
        .register(policy, BackupTargets.directory(f.source)).build();
    for (int i = 0; i < 60; i++) { // 30 hours
      f.clock.advance(Duration.ofMinutes(30));
      f.write("tick.txt", "tick " + i);
      engine.tick();
    }
    // from 10:00 to 16:00 the next day: backups at 12:00, 18:00, 00:00, 06:00, 12:00; keep-last 2 leaves the newest two
    assertThat(f.repository.snapshots()).extracting(s -> s.tags().get("scheduled-for"))
        .containsExactly("2026-11-21T06:00:00Z", "2026-11-21T12:00:00Z");
    DatasetStatus status = engine.status("acme", "uploads");
    assertThat(status.lastDrill()).isNotNull();
    assertThat(status.lastDrill().at()).isEqualTo(Instant.parse("2026-11-21T05:00:00Z"));
    assertThat(status.lastDrill().passed()).isTrue();
    assertThat(status.nextRuns()).containsEntry(JobKind.DRILL, Instant.parse("2026-11-22T05:00:00Z"));
  }

  @Test
  void aFailingBackupIsReportedAndTheRpoBreachFollows() {
    EngineFixture f = new EngineFixture(dir);
    BackupTarget down = new BackupTarget() {
      @Override
      public String name() {
        return "postgres://db.internal/orders";
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.FULL);
      }

      @Override
      public void backup(SnapshotWriter writer) {
        throw new StoreUnavailableException("connection refused: db.internal:5432");
      }

      @Override
      public void restore(SnapshotReader reader) {
        throw new UnsupportedOperationException();
      }
    };
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).listener(f.events::add)
        .register(EngineFixture.policy().fullBackups(Schedule.cron("0 12 * * *")).build(), down).build();
    f.clock.advance(Duration.ofHours(3));
    engine.tick();
    assertThat(f.events(EngineEvent.JobFinished.class)).singleElement().satisfies(e -> {
      assertThat(e.succeeded()).isFalse();
      assertThat(e.error()).contains("connection refused");
      assertThat(e.due()).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
    });
    assertThat(f.repository.snapshots()).isEmpty();
    assertThat(engine.status("acme", "uploads").rpoBreached()).isTrue();
  }
}
