package dev.resilience.internal.throttle;

import java.util.function.LongSupplier;

/**
 * A bandwidth limit in bytes per second, shared by every stream that uses it (one per job, one per
 * engine). Callers reserve bytes and sleep until their reservation is due, outside the lock, so a
 * single slow reader never blocks others' reservations. Bursts up to one second's worth are allowed.
 * Time and sleeping are injectable so tests run on virtual time.
 */
public final class TokenBucket {
  /** Sleeps for the given nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextFreeNanos;

  public TokenBucket(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond must be positive, got " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.nextFreeNanos = nanoTime.getAsLong() - 1_000_000_000L;
  }

  /** A bucket on the system's nano clock. */
  public static TokenBucket system(long bytesPerSecond) {
    return new TokenBucket(bytesPerSecond, System::nanoTime, n -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(n));
  }

  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** Blocks until {@code bytes} may pass. */
  public void acquire(long bytes) {
    if (bytes <= 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long earliest = now - 1_000_000_000L; // at most one second of unused capacity carries over
      if (nextFreeNanos < earliest) {
        nextFreeNanos = earliest;
      }
      nextFreeNanos += Math.max(1, bytes * 1_000_000_000L / bytesPerSecond);
      wait = nextFreeNanos - now;
    }
    if (wait > 0) {
      try {
        sleeper.sleepNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.resilience.ResilienceException("interrupted while throttled", e);
      }
    }
  }
}
