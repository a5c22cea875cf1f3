package dev.resilience.internal.schedule;

import dev.resilience.MissedRuns;
import dev.resilience.ObjectStores;
import dev.resilience.Schedule;
import dev.resilience.event.EngineEvent.JobKind;
import dev.resilience.internal.lease.ObjectStoreLeases;
import dev.resilience.spi.ObjectStore;
import dev.resilience.testkit.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A second engine process for {@link TwoProcessSchedulingIT}: waits for "go" on stdin, then drives its own
 * scheduler through {@code steps} five-minute steps of virtual time against the shared filesystem store,
 * and writes the occurrences it ran to {@code out}. Leases run on the real clock (as in production).
 */
public final class SchedulerChild {
  private SchedulerChild() {}

  public static void main(String[] args) throws Exception {
    Path storeDir = Path.of(args[0]);
    String owner = args[1];
    Path out = Path.of(args[2]);
    int steps = Integer.parseInt(args[3]);
    ObjectStore store = ObjectStores.filesystem(storeDir);
    MutableClock clock = MutableClock.at("2026-11-20T00:00:00Z");
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    JobScheduler scheduler = new JobScheduler(store, new ObjectStoreLeases(store, owner, Clock.systemUTC()), clock,
        Runnable::run, Duration.ofMinutes(10), e -> {});
    scheduler.add("acme/orders", JobKind.INCREMENTAL_BACKUP, Schedule.cron("*/5 * * * *"), MissedRuns.RUN_ONCE, ctx -> {
      ran.add(ctx.due().toString());
      return JobScheduler.Outcome.ok(0, owner);
    });
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      throw new IllegalStateException("expected go");
    }
    for (int i = 0; i < steps; i++) {
      clock.advance(Duration.ofMinutes(5));
      scheduler.tick();
    }
    Files.write(out, ran);
    System.out.println("ran " + ran.size() + " until " + clock.instant() + " (" + Instant.now() + ")");
  }
}
