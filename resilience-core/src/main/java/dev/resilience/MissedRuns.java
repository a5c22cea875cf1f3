package dev.resilience;

/** What the scheduler does about runs that fell due while no engine was running. */
public enum MissedRuns {
  /** Run once as soon as the engine starts (however many runs were missed), then follow the schedule. */
  RUN_ONCE,
  /** Report the missed runs and wait for the next due time. */
  SKIP
}
