package dev.resilience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.DrillPolicy;
import dev.resilience.DrillResult;
import dev.resilience.Schedule;
import dev.resilience.Snapshot;
import dev.resilience.event.EngineEvent;
import dev.resilience.spi.VerificationResult;
import dev.resilience.spi.Verifier;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineDrillTest {
  @TempDir Path dir;

  @Test
  void aDrillOnTheDirectoryTargetRestoresVerifiesAndReportsItsTime() {
    EngineFixture f = new EngineFixture(dir);
    AtomicLong sandboxSeen = new AtomicLong();
    Verifier custom = new Verifier() {
      @Override
      public String name() {
        return "three-files";
      }

      @Override
      public VerificationResult verify(dev.resilience.spi.VerificationContext c) {
        long files = c.reader().entries().stream().filter(e -> e.type() == dev.resilience.spi.EntryType.FILE).count();
        sandboxSeen.incrementAndGet();
        return files == 3 ? VerificationResult.passed(name(), "3 files", Map.of())
            : VerificationResult.failed(name(), files + " files", Map.of());
      }
    };
    var policy = EngineFixture.policy().drill(DrillPolicy.latest(Schedule.cron("0 4 * * 6")).withCheck(custom)).build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).listener(f.events::add)
        .register(policy, BackupTargets.directory(f.source)).build();
    engine.backupNow("acme", "uploads", true);
    f.clock.advance(Duration.ofHours(1));
    f.write("a.txt", "changed after the first backup\n");
    Snapshot latest = engine.backupNow("acme", "uploads", false);

    DrillResult r = engine.drill("acme", "uploads");

    assertThat(r.snapshotId()).isEqualTo(latest.id());
    assertThat(r.verified()).isTrue();
    assertThat(r.verifications()).extracting(VerificationResult::verifier).containsExactly("checksums", "three-files");
    assertThat(r.verifications().get(0).summary()).isEqualTo("3 files, checksums equal");
    assertThat(r.steps()).extracting(DrillResult.Step::name)
        .containsExactly("open sandbox", "restore", "verify checksums", "verify three-files", "remove sandbox");
    assertThat(r.recoveryTime()).isPositive();
    assertThat(r.withinRto()).isTrue();
    assertThat(r.bytesRestored()).isEqualTo(latest.stats().totalBytes());
    Path sandbox = Path.of(r.sandbox().substring("directory sandbox ".length()));
    assertThat(sandbox).doesNotExist();
    assertThat(engine.status("acme", "uploads").lastDrill().passed()).isTrue();
    assertThat(engine.runbook("acme", "uploads"))
        .contains("# DR runbook: acme/uploads", "| RTO | 30m |", "| restore |", "✅ checksums: 3 files, checksums equal",
            "resilience restore " + latest.id() + " -r ");
  }

  @Test
  void aRandomDrillPicksOnlySnapshotsInsideItsWindow() {
    EngineFixture f = new EngineFixture(dir);
    var policy = EngineFixture.policy().drill(DrillPolicy.randomWithin(Duration.ofDays(3), null)).build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).random(new java.util.SplittableRandom(7))
        .register(policy, BackupTargets.directory(f.source)).build();
    java.util.List<Snapshot> taken = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      f.write("n.txt", "version " + i);
      taken.add(engine.backupNow("acme", "uploads", false));
      f.clock.advance(Duration.ofDays(1));
    }
    java.util.Set<String> picked = new java.util.HashSet<>();
    for (int i = 0; i < 8; i++) {
      picked.add(engine.drill("acme", "uploads").snapshotId());
    }
    // now = day 6; the window of 3 days holds the snapshots of days 3, 4 and 5
    assertThat(picked).isSubsetOf(taken.get(3).id(), taken.get(4).id(), taken.get(5).id()).hasSizeGreaterThan(1);
  }

  @Test
  void aSlowRecoveryBreachesTheRtoAndATamperedRestoreFailsVerification() throws Exception {
    EngineFixture f = new EngineFixture(dir);
    AtomicLong fakeNanos = new AtomicLong();
    var policy = EngineFixture.policy().rto(Duration.ofSeconds(30)).build();
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).listener(f.events::add)
        .nanoTime(() -> fakeNanos.addAndGet(Duration.ofSeconds(20).toNanos())) // every measured step takes 20 s
        .register(policy, BackupTargets.directory(f.source)).build();
    engine.backupNow("acme", "uploads", true);

    DrillResult r = engine.drill("acme", "uploads");
    assertThat(r.recoveryTime()).isEqualTo(Duration.ofSeconds(40)); // open sandbox + restore
    assertThat(r.withinRto()).isFalse();
    assertThat(r.verified()).isTrue();
    assertThat(f.events(EngineEvent.RtoBreached.class)).singleElement()
        .satisfies(e -> assertThat(e.recoveryTime()).isEqualTo(Duration.ofSeconds(40)));
    assertThat(engine.status("acme", "uploads").rtoBreached()).isTrue();
  }

  @Test
  void theChecksumVerifierFailsADrillWhoseRestoreDamagedAFile() {
    EngineFixture f = new EngineFixture(dir);
    BackupTarget real = BackupTargets.directory(f.source);
    BackupTarget damaging = new BackupTarget() { // restores a.txt with wrong bytes, like a faulty restore path
      @Override
      public String name() {
        return real.name();
      }

      @Override
      public Set<Capability> capabilities() {
        return real.capabilities();
      }

      @Override
      public void backup(SnapshotWriter writer) {
        real.backup(writer);
      }

      @Override
      public void restore(SnapshotReader reader) {
        real.restore(reader);
      }

      @Override
      public Optional<Sandbox> openSandbox() {
        Sandbox sandbox = real.openSandbox().orElseThrow();
        BackupTarget inner = sandbox.target();
        BackupTarget corrupting = new BackupTarget() {
          @Override
          public String name() {
            return inner.name();
          }

          @Override
          public Set<Capability> capabilities() {
            return inner.capabilities();
          }

          @Override
          public void backup(SnapshotWriter writer) {
            inner.backup(writer);
          }

          @Override
          public void restore(SnapshotReader reader) {
            inner.restore(new SnapshotReader() {
              @Override
              public List<Entry> entries() {
                return reader.entries();
              }

              @Override
              public InputStream open(Entry e) {
                return e.path().equals("a.txt") ? new ByteArrayInputStream("ALPHA\n".getBytes()) : reader.open(e);
              }

              @Override
              public Map<String, String> metadata() {
                return reader.metadata();
              }

              @Override
              public int parallelism() {
                return reader.parallelism();
              }
            });
          }
        };
        return Optional.of(new Sandbox() {
          @Override
          public BackupTarget target() {
            return corrupting;
          }

          @Override
          public String describe() {
            return sandbox.describe();
          }

          @Override
          public void close() {
            sandbox.close();
          }
        });
      }
    };
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock).listener(f.events::add)
        .register(EngineFixture.policy().build(), damaging).build();
    engine.backupNow("acme", "uploads", true);
    DrillResult r = engine.drill("acme", "uploads");
    assertThat(r.verified()).isFalse();
    assertThat(r.verifications()).singleElement().satisfies(v -> {
      assertThat(v.summary()).isEqualTo("0 missing, 1 differing, 0 unexpected of 3 files");
      assertThat(v.details()).containsEntry("firstProblems", "differs a.txt");
    });
    assertThat(f.events(EngineEvent.RtoBreached.class)).singleElement().matches(e -> !e.verified());
  }
}
