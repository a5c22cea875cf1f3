package dev.resilience.spi;

import java.time.Duration;
import java.time.Instant;

/** A lease held through a {@link LeaseProvider}; see its contract. Closing releases it. */
public interface Lease extends AutoCloseable {

  String name();

  /**
   * The fencing token: strictly larger than every token handed out for this name before, across all holders.
   * Include it in whatever the holder commits, so that a later holder's work wins.
   */
  long token();

  /** When the lease expires unless renewed. */
  Instant expiresAt();

  /** Whether this lease is still held: not released, not expired, and not taken over. */
  boolean isValid();

  /** Extends the lease to {@code ttl} from now; returns false (and extends nothing) if it was lost. */
  boolean renew(Duration ttl);

  /** Gives the lease up so another owner need not wait for it to expire; does nothing if it was lost. */
  void release();

  @Override
  default void close() {
    release();
  }
}
