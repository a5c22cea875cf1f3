package dev.resilience.internal.repo;

/**
 * A bandwidth limit: {@link #acquire} blocks until {@code n} more bytes fit into {@code bytesPerSecond},
 * allowing bursts of a tenth of a second. Thread-safe; a limit of 0 never blocks.
 */
final class TokenBucket {
  private static final long BURST_NANOS = 100_000_000L;
  private final long bytesPerSecond;
  private long next = System.nanoTime();

  TokenBucket(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  void acquire(long n) {
    if (bytesPerSecond <= 0 || n <= 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      next = Math.max(next, now) + (long) (n * 1e9 / bytesPerSecond);
      wait = next - now - BURST_NANOS;
    }
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.resilience.ResilienceException("interrupted while throttled");
      }
    }
  }
}
