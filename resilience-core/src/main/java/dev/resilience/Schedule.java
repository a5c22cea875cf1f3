package dev.resilience;

import dev.resilience.internal.schedule.CronTimes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job runs: a five-field cron expression ({@code minute hour day-of-month month day-of-week},
 * parsed by cron-utils) in a time zone, with the windows AWS Backup plans use.
 *
 * <p>A job due at instant {@code t} (plus its deterministic jitter) must start before
 * {@code t + startWindow}, otherwise the run counts as missed; it should finish before
 * {@code t + completionWindow}, otherwise it is reported as having overrun its window. In a DST gap a
 * job due at a local time that does not exist runs when the clocks jump; in an overlap a daily job
 * runs once.
 *
 * @param cron the cron expression
 * @param zone the time zone the expression is read in
 * @param startWindow how long after its due time a run may still start
 * @param completionWindow how long after its due time a run must be finished, or {@code null} for no limit
 * @param jitter the largest random delay added to each due time (spreads many engines' load); the
 *     delay is derived from the job and the due time, so every engine computes the same one
 */
public record Schedule(String cron, ZoneId zone, Duration startWindow, Duration completionWindow, Duration jitter) {
  /** Default start window: one hour. */
  public static final Duration DEFAULT_START_WINDOW = Duration.ofHours(1);

  public Schedule {
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(zone, "zone");
    startWindow = startWindow == null ? DEFAULT_START_WINDOW : startWindow;
    jitter = jitter == null ? Duration.ZERO : jitter;
    CronTimes.of(cron, zone);
    if (startWindow.isNegative() || startWindow.isZero()) {
      throw new IllegalArgumentException("startWindow must be positive, got " + startWindow);
    }
    if (completionWindow != null && completionWindow.compareTo(startWindow) < 0) {
      throw new IllegalArgumentException(
          "completionWindow " + completionWindow + " must not be shorter than startWindow " + startWindow);
    }
    if (jitter.isNegative() || jitter.compareTo(startWindow) >= 0) {
      throw new IllegalArgumentException("jitter must be >= 0 and shorter than startWindow " + startWindow + ", got " + jitter);
    }
  }

  /** A schedule with the default start window, no completion window and no jitter. */
  public static Schedule cron(String expression, ZoneId zone) {
    return new Schedule(expression, zone, null, null, null);
  }

  /** A schedule in UTC. */
  public static Schedule cron(String expression) {
    return cron(expression, ZoneId.of("UTC"));
  }

  public Schedule withStartWindow(Duration window) {
    return new Schedule(cron, zone, Objects.requireNonNull(window, "window"), completionWindow, jitter);
  }

  public Schedule withCompletionWindow(Duration window) {
    return new Schedule(cron, zone, startWindow, Objects.requireNonNull(window, "window"), jitter);
  }

  public Schedule withJitter(Duration jitter) {
    return new Schedule(cron, zone, startWindow, completionWindow, Objects.requireNonNull(jitter, "jitter"));
  }

  /** The first due time strictly after {@code after}, without jitter. */
  public Optional<Instant> nextAfter(Instant after) {
    return CronTimes.of(cron, zone).next(after);
  }

  /** The longest interval between two consecutive due times (over a sample year). */
  public Duration longestInterval() {
    return CronTimes.of(cron, zone).longestInterval();
  }
}
