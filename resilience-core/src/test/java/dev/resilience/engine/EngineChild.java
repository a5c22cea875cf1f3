package dev.resilience.engine;

import dev.resilience.BackupEngine;
import dev.resilience.BackupTargets;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.Schedule;
import dev.resilience.testkit.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One engine process of {@link TwoEngineProcessesIT}: opens the shared repository, waits for "go" on
 * stdin, then ticks its engine through {@code steps} ten-minute steps of its own virtual time.
 */
public final class EngineChild {
  private EngineChild() {}

  static RepositoryOptions options(MutableClock clock) {
    return RepositoryOptions.builder().chunkSizes(256, 1024, 8192).packSize(64 * 1024).parallelism(1).clock(clock).build();
  }

  public static void main(String[] args) throws Exception {
    MutableClock clock = MutableClock.at("2026-11-20T00:00:00Z");
    Repository repository = Repository.open(ObjectStores.filesystem(Path.of(args[0]), clock), EngineFixture.key("primary"),
        options(clock));
    BackupEngine engine = BackupEngine.builder(repository).clock(clock).owner(args[2])
        .leaseTtl(Duration.ofDays(365)) // virtual clocks of the two processes drift apart; nobody crashes here
        .register(EngineFixture.policy().fullBackups(Schedule.cron("*/30 * * * *")).rpo(Duration.ofHours(1)).build(),
            BackupTargets.directory(Path.of(args[1])))
        .build();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      throw new IllegalStateException("expected go");
    }
    int steps = Integer.parseInt(args[3]);
    for (int i = 0; i < steps; i++) {
      clock.advance(Duration.ofMinutes(10));
      engine.tick();
    }
    System.out.println(args[2] + " done at " + clock.instant());
  }
}
