package dev.resilience.internal.schedule;

import dev.resilience.MissedRuns;
import dev.resilience.Schedule;
import dev.resilience.event.EngineEvent;
import dev.resilience.event.EngineEvent.JobKind;
import dev.resilience.event.EngineEvent.Trigger;
import dev.resilience.internal.lease.ObjectStoreLeases;
import dev.resilience.spi.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on their schedules. {@link #tick()} looks at the clock and hands each due job to the
 * executor (renewing the leases of jobs still running); the engine calls it periodically, tests call it
 * after moving a controllable clock. Every run
 * of an occurrence happens under the job's lease in the shared object store, and the job's state there
 * records the occurrence as handled, so engines sharing a repository run each occurrence once.
 */
public final class JobScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  private static final int MAX_OCCURRENCES = 100_000;

  /** A job's work. */
  @FunctionalInterface
  public interface JobTask {
    Outcome run(RunContext context);
  }

  /** What a run produced. */
  public record Outcome(boolean succeeded, long bytes, String result, String error) {
    public static Outcome ok(long bytes, String result) {
      return new Outcome(true, bytes, result, null);
    }

    public static Outcome failed(String error) {
      return new Outcome(false, 0, null, error);
    }
  }

  /** What a running job may ask. */
  public interface RunContext {
    Instant due();

    Trigger trigger();

    /** The lease's fencing token: include it in whatever the job commits. */
    long fencingToken();

    /** Extends the job's lease; false if it was lost (another engine took over). */
    boolean renewLease();
  }

  private record Job(String id, String dataset, JobKind kind, Schedule schedule, CronTimes cron, MissedRuns missed,
      JobTask task) {}

  private final ObjectStore store;
  private final ObjectStoreLeases leases;
  private final Clock clock;
  private final Executor executor;
  private final Duration leaseTtl;
  private final Consumer<EngineEvent> events;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastDue = new ConcurrentHashMap<>();
  private final Map<String, Instant> reportedElsewhere = new ConcurrentHashMap<>();
  private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
  private final Map<String, ObjectStoreLeases.Lease> running = new ConcurrentHashMap<>();

  public JobScheduler(ObjectStore store, ObjectStoreLeases leases, Clock clock, Executor executor, Duration leaseTtl,
      Consumer<EngineEvent> events) {
    this.store = store;
    this.leases = leases;
    this.clock = clock;
    this.executor = executor;
    this.leaseTtl = leaseTtl;
    this.events = events;
  }

  /** The job id of a dataset's job kind. */
  public static String jobId(String dataset, JobKind kind) {
    return dataset + "/" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public void add(String dataset, JobKind kind, Schedule schedule, MissedRuns missed, JobTask task) {
    String id = jobId(dataset, kind);
    jobs.put(id, new Job(id, dataset, kind, schedule, CronTimes.of(schedule.cron(), schedule.zone()), missed, task));
    JobState.initialise(store, id, clock.instant());
    lastDue.remove(id);
  }

  public void removeDataset(String dataset) {
    jobs.keySet().removeIf(id -> id.startsWith(dataset + "/"));
  }

  /** The next time (with jitter) the job is due, or empty if it has no further occurrence. */
  public Optional<Instant> nextDue(String dataset, JobKind kind) {
    Job job = jobs.get(jobId(dataset, kind));
    if (job == null) {
      return Optional.empty();
    }
    return job.cron.next(baseline(job)).map(t -> withJitter(job, t));
  }

  public Optional<JobState> state(String dataset, JobKind kind) {
    return JobState.read(store, jobId(dataset, kind));
  }

  /**
   * Renews the leases of this scheduler's running jobs, then hands every job that is due now to the
   * executor. Tick more often than a third of the lease TTL, and run jobs on an executor other than the
   * ticking thread, so that long jobs keep their lease.
   */
  public void tick() {
    for (Map.Entry<String, ObjectStoreLeases.Lease> r : running.entrySet()) {
      if (!r.getValue().renew(leaseTtl)) {
        LOG.warn("lost the lease of job {} while it runs (another engine may take over)", r.getKey());
      }
    }
    Instant now = clock.instant();
    for (Job job : new ArrayList<>(jobs.values())) {
      Optional<Instant> first = job.cron.next(baseline(job));
      if (first.isEmpty() || withJitter(job, first.get()).isAfter(now) || inFlight.putIfAbsent(job.id, true) != null) {
        continue;
      }
      try {
        executor.execute(() -> {
          try {
            attempt(job);
          } catch (RuntimeException e) {
            LOG.warn("scheduled job {} failed to run: {}", job.id, e.toString());
          } finally {
            inFlight.remove(job.id);
          }
        });
      } catch (RuntimeException e) {
        inFlight.remove(job.id);
        throw e;
      }
    }
  }

  private Instant baseline(Job job) {
    return lastDue.computeIfAbsent(job.id, id -> JobState.read(store, id).map(JobState::lastDue).orElse(clock.instant()));
  }

  private Instant withJitter(Job job, Instant due) {
    long jitter = job.schedule.jitter().getSeconds();
    if (jitter == 0) {
      return due;
    }
    return due.plusSeconds(Math.floorMod((job.id + "@" + due).hashCode(), jitter + 1));
  }

  private void attempt(Job job) {
    Instant now = clock.instant();
    Optional<ObjectStoreLeases.Lease> maybe = leases.tryAcquire("jobs/" + job.id, leaseTtl);
    if (maybe.isEmpty()) {
      Instant due = job.cron.next(baseline(job)).orElse(now);
      if (!due.equals(reportedElsewhere.put(job.id, due))) {
        events.accept(new EngineEvent.JobRanElsewhere(job.dataset, job.kind, due, now));
      }
      return;
    }
    try (ObjectStoreLeases.Lease lease = maybe.get()) {
      JobState state = JobState.read(store, job.id).orElse(new JobState(job.id, baseline(job), null, null, null, null, 0));
      Instant handled = state.lastDue();
      if (handled.isAfter(baseline(job))) {
        lastDue.put(job.id, handled);
      }
      List<Instant> due = occurrences(job, handled, now);
      if (due.isEmpty()) {
        events.accept(new EngineEvent.JobRanElsewhere(job.dataset, job.kind, handled, now));
        return;
      }
      Instant latest = due.get(due.size() - 1);
      boolean inWindow = now.isBefore(withJitter(job, latest).plus(job.schedule.startWindow()));
      int missed = inWindow ? due.size() - 1 : due.size();
      Trigger trigger = Trigger.SCHEDULED;
      if (missed > 0) {
        boolean runOnce = !inWindow && job.missed == MissedRuns.RUN_ONCE;
        events.accept(new EngineEvent.JobMissed(job.dataset, job.kind, due.get(0), due.get(missed - 1), missed, runOnce, now));
        if (!inWindow && !runOnce) {
          new JobState(job.id, latest, state.lastStarted(), state.lastFinished(), state.succeeded(), state.result(),
              lease.token()).writeIfNotFenced(store);
          lastDue.put(job.id, latest);
          return;
        }
        if (!inWindow) {
          trigger = Trigger.CATCH_UP;
        }
      }
      run(job, latest, trigger, lease);
    }
  }

  private void run(Job job, Instant due, Trigger trigger, ObjectStoreLeases.Lease lease) {
    Instant started = clock.instant();
    events.accept(new EngineEvent.JobStarted(job.dataset, job.kind, trigger, due, started));
    Outcome outcome;
    running.put(job.id, lease);
    try {
      outcome = job.task.run(new RunContext() {
        @Override
        public Instant due() {
          return due;
        }

        @Override
        public Trigger trigger() {
          return trigger;
        }

        @Override
        public long fencingToken() {
          return lease.token();
        }

        @Override
        public boolean renewLease() {
          return lease.renew(leaseTtl);
        }
      });
    } catch (RuntimeException e) {
      outcome = Outcome.failed(e.toString());
    } finally {
      running.remove(job.id);
    }
    Instant finished = clock.instant();
    boolean overran = false;
    Duration window = job.schedule.completionWindow();
    if (window != null) {
      Instant deadline = withJitter(job, due).plus(window);
      if (finished.isAfter(deadline)) {
        overran = true;
        events.accept(new EngineEvent.CompletionWindowExceeded(job.dataset, job.kind, due, deadline, finished));
      }
    }
    new JobState(job.id, due, started, finished, outcome.succeeded(), outcome.succeeded() ? outcome.result() : outcome.error(),
        lease.token()).writeIfNotFenced(store);
    lastDue.put(job.id, due);
    events.accept(new EngineEvent.JobFinished(job.dataset, job.kind, trigger, due, started, finished, outcome.succeeded(),
        outcome.bytes(), outcome.result(), outcome.error(), overran));
  }

  /** Scheduled times after {@code after} up to {@code now} (without jitter, but due only once their jitter passed). */
  private List<Instant> occurrences(Job job, Instant after, Instant now) {
    List<Instant> out = new ArrayList<>();
    Optional<Instant> t = job.cron.next(after);
    while (t.isPresent() && !withJitter(job, t.get()).isAfter(now) && out.size() < MAX_OCCURRENCES) {
      out.add(t.get());
      t = job.cron.next(t.get());
    }
    return out;
  }
}
