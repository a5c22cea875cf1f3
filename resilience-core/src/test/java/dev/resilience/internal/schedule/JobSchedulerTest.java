package dev.resilience.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.MissedRuns;
import dev.resilience.ObjectStores;
import dev.resilience.Schedule;
import dev.resilience.event.EngineEvent;
import dev.resilience.event.EngineEvent.JobKind;
import dev.resilience.event.EngineEvent.Trigger;
import dev.resilience.internal.lease.ObjectStoreLeases;
import dev.resilience.spi.ObjectStore;
import dev.resilience.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JobSchedulerTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  final MutableClock clock = MutableClock.at("2026-03-27T00:00:00Z");
  final ObjectStore store = ObjectStores.inMemory(clock);
  final List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<Instant> ran = Collections.synchronizedList(new ArrayList<>());

  JobScheduler scheduler(String owner) {
    return new JobScheduler(store, new ObjectStoreLeases(store, owner, clock), clock, Runnable::run, Duration.ofMinutes(10),
        events::add);
  }

  JobScheduler.JobTask recording() {
    return ctx -> {
      ran.add(ctx.due());
      return JobScheduler.Outcome.ok(0, "done");
    };
  }

  void runFor(Duration total, Duration step, JobScheduler... schedulers) {
    Instant end = clock.instant().plus(total);
    while (clock.instant().isBefore(end)) {
      clock.advance(step);
      for (JobScheduler s : schedulers) {
        s.tick();
      }
    }
  }

  @Test
  void aDailyJobInTheSpringForwardGapRunsWhenTheClocksJump() {
    JobScheduler s = scheduler("a");
    s.add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("30 2 * * *", BERLIN), MissedRuns.SKIP, recording());
    runFor(Duration.ofDays(4), Duration.ofMinutes(5), s);
    assertThat(ran).containsExactly(
        Instant.parse("2026-03-27T01:30:00Z"), // 02:30 CET
        Instant.parse("2026-03-28T01:30:00Z"),
        Instant.parse("2026-03-29T01:00:00Z"), // 02:30 does not exist: runs at 03:00 CEST
        Instant.parse("2026-03-30T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void acrossFallBackHourlyRunsEveryRealHourAndDailyRunsOnce() {
    clock.set(Instant.parse("2026-10-24T22:00:00Z"));
    JobScheduler s = scheduler("a");
    List<Instant> daily = Collections.synchronizedList(new ArrayList<>());
    s.add("acme/orders", JobKind.INCREMENTAL_BACKUP, Schedule.cron("0 * * * *", BERLIN), MissedRuns.SKIP, recording());
    s.add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("30 2 * * *", BERLIN), MissedRuns.SKIP, ctx -> {
      daily.add(ctx.due());
      return JobScheduler.Outcome.ok(0, "full");
    });
    runFor(Duration.ofHours(6), Duration.ofMinutes(10), s);
    assertThat(ran).hasSize(6); // 00:00, 01:00, 02:00 CEST, 02:00 CET, 03:00, 04:00 local: six real hours
    for (int i = 1; i < ran.size(); i++) {
      assertThat(Duration.between(ran.get(i - 1), ran.get(i))).isEqualTo(Duration.ofHours(1));
    }
    assertThat(daily).containsExactly(Instant.parse("2026-10-25T00:30:00Z"));
  }

  @Test
  void missedRunsRunOnceOnStart() {
    scheduler("a").add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("0 3 * * *"), MissedRuns.RUN_ONCE, recording());
    clock.advance(Duration.ofDays(3).plusHours(12)); // the service was down
    JobScheduler restarted = scheduler("a");
    restarted.add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("0 3 * * *"), MissedRuns.RUN_ONCE, recording());
    restarted.tick();
    restarted.tick();
    assertThat(ran).containsExactly(Instant.parse("2026-03-30T03:00:00Z"));
    assertThat(events).filteredOn(e -> e instanceof EngineEvent.JobMissed).singleElement()
        .isEqualTo(new EngineEvent.JobMissed("acme/orders", JobKind.FULL_BACKUP, Instant.parse("2026-03-27T03:00:00Z"),
            Instant.parse("2026-03-30T03:00:00Z"), 4, true, clock.instant()));
    assertThat(events).filteredOn(e -> e instanceof EngineEvent.JobStarted).singleElement()
        .extracting(e -> ((EngineEvent.JobStarted) e).trigger()).isEqualTo(Trigger.CATCH_UP);
    assertThat(restarted.nextDue("acme/orders", JobKind.FULL_BACKUP)).contains(Instant.parse("2026-03-31T03:00:00Z"));
  }

  @Test
  void missedRunsAreSkippedAndReportedWhenThePolicySaysSkip() {
    scheduler("a").add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("0 3 * * *"), MissedRuns.SKIP, recording());
    clock.advance(Duration.ofDays(2).plusHours(12));
    JobScheduler restarted = scheduler("a");
    restarted.add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("0 3 * * *"), MissedRuns.SKIP, recording());
    restarted.tick();
    assertThat(ran).isEmpty();
    assertThat(events).filteredOn(e -> e instanceof EngineEvent.JobMissed)
        .extracting(e -> ((EngineEvent.JobMissed) e).count()).containsExactly(3);
    runFor(Duration.ofDays(1), Duration.ofMinutes(30), restarted);
    assertThat(ran).containsExactly(Instant.parse("2026-03-30T03:00:00Z"));
  }

  @Test
  void aJobStartedLateWithinItsStartWindowStillRuns() {
    JobScheduler s = scheduler("a");
    s.add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("0 3 * * *").withStartWindow(Duration.ofHours(2)),
        MissedRuns.SKIP, recording());
    clock.set(Instant.parse("2026-03-27T04:30:00Z"));
    s.tick();
    assertThat(ran).containsExactly(Instant.parse("2026-03-27T03:00:00Z"));
  }

  @Test
  void aJobThatCannotFinishInsideItsCompletionWindowIsReported() {
    JobScheduler s = scheduler("a");
    Schedule sched = Schedule.cron("0 1 * * *").withCompletionWindow(Duration.ofHours(2));
    s.add("acme/orders", JobKind.FULL_BACKUP, sched, MissedRuns.SKIP, ctx -> {
      clock.advance(Duration.ofHours(3)); // a slow backup
      return JobScheduler.Outcome.ok(42, "snap");
    });
    runFor(Duration.ofHours(2), Duration.ofMinutes(15), s);
    assertThat(events).filteredOn(e -> e instanceof EngineEvent.CompletionWindowExceeded).singleElement()
        .extracting(e -> ((EngineEvent.CompletionWindowExceeded) e).deadline()).isEqualTo(Instant.parse("2026-03-27T03:00:00Z"));
    assertThat(events).filteredOn(e -> e instanceof EngineEvent.JobFinished).singleElement()
        .matches(e -> ((EngineEvent.JobFinished) e).overranWindow() && ((EngineEvent.JobFinished) e).succeeded());
  }

  @Test
  void aLongJobKeepsItsLeaseSoNoOtherEngineTakesTheOccurrenceOver() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    JobScheduler a = new JobScheduler(store, new ObjectStoreLeases(store, "a", clock), clock, pool,
        Duration.ofMinutes(10), events::add);
    JobScheduler b = scheduler("b");
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    a.add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("0 1 * * *").withStartWindow(Duration.ofHours(3)),
        MissedRuns.SKIP, ctx -> {
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ran.add(ctx.due());
          return JobScheduler.Outcome.ok(0, "a");
        });
    b.add("acme/orders", JobKind.FULL_BACKUP, Schedule.cron("0 1 * * *").withStartWindow(Duration.ofHours(3)),
        MissedRuns.SKIP, recording());
    clock.set(Instant.parse("2026-03-27T01:00:00Z"));
    a.tick();
    started.await();
    for (int i = 0; i < 30; i++) { // two hours of a running backup; a ticks every 4 minutes, renewing its 10-minute lease
      clock.advance(Duration.ofMinutes(2));
      a.tick();
      clock.advance(Duration.ofMinutes(2));
      b.tick();
    }
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    assertThat(ran).containsExactly(Instant.parse("2026-03-27T01:00:00Z"));
    assertThat(events).filteredOn(e -> e instanceof EngineEvent.JobRanElsewhere).isNotEmpty();
  }

  @Test
  void jitterIsDeterministicAndInsideItsBound() {
    Schedule sched = Schedule.cron("0 * * * *").withJitter(Duration.ofMinutes(20));
    JobScheduler a = scheduler("a");
    JobScheduler b = scheduler("b");
    a.add("acme/orders", JobKind.FULL_BACKUP, sched, MissedRuns.SKIP, recording());
    b.add("acme/orders", JobKind.FULL_BACKUP, sched, MissedRuns.SKIP, recording());
    Instant next = a.nextDue("acme/orders", JobKind.FULL_BACKUP).orElseThrow();
    assertThat(b.nextDue("acme/orders", JobKind.FULL_BACKUP)).contains(next);
    assertThat(Duration.between(Instant.parse("2026-03-27T01:00:00Z"), next)).isBetween(Duration.ZERO, Duration.ofMinutes(20));
  }

  @Test
  void twoEnginesSharingAStoreRunEachOccurrenceOnce() {
    JobScheduler a = scheduler("engine-a");
    JobScheduler b = scheduler("engine-b");
    for (JobScheduler s : List.of(a, b)) {
      s.add("acme/orders", JobKind.INCREMENTAL_BACKUP, Schedule.cron("*/15 * * * *"), MissedRuns.RUN_ONCE, recording());
    }
    Instant end = clock.instant().plus(Duration.ofHours(24));
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofMinutes(5));
      CompletableFuture<Void> fa = CompletableFuture.runAsync(a::tick);
      CompletableFuture<Void> fb = CompletableFuture.runAsync(b::tick);
      CompletableFuture.allOf(fa, fb).join();
    }
    assertThat(ran).hasSize(96).doesNotHaveDuplicates();
    assertThat(events).filteredOn(e -> e instanceof EngineEvent.JobRanElsewhere).isNotEmpty();
  }
}
