package dev.resilience.engine;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.Snapshot;
import java.nio.file.Path;

/** Runs an engine in a JVM without Micrometer on the class path (for {@link EngineWithoutMicrometerIT}). */
public final class NoMicrometerChild {
  private NoMicrometerChild() {}

  public static void main(String[] args) {
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      throw new IllegalStateException("Micrometer is on the class path");
    } catch (ClassNotFoundException expected) {
      // the point of this process
    }
    EngineFixture f = new EngineFixture(Path.of(args[0]));
    BackupEngine engine = BackupEngine.builder(f.repository).clock(f.clock)
        .register(EngineFixture.policy().build(), BackupTargets.directory(f.source)).build();
    Snapshot s = engine.backupNow("acme", "uploads", true);
    System.out.println("backed up " + s.id() + "; rpo breached: " + engine.status("acme", "uploads").rpoBreached());
  }
}
