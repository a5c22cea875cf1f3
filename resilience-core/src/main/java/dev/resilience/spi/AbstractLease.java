package dev.resilience.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The state every {@link Lease} keeps in memory: its name, fencing token, expiry and whether this holder
 * released it. A {@link LeaseProvider} extends it with how validity, renewal and release reach its store.
 * Thread-safe for the fields it holds.
 */
public abstract class AbstractLease implements Lease {
  private final String name;
  private final long token;
  private volatile Instant expiresAt;
  private volatile boolean released;

  protected AbstractLease(String name, long token, Instant expiresAt) {
    this.name = Objects.requireNonNull(name, "name");
    this.token = token;
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final long token() {
    return token;
  }

  @Override
  public final Instant expiresAt() {
    return expiresAt;
  }

  /** Records a renewal's new expiry (after the store accepted it). */
  protected final void expiresAt(Instant newExpiry) {
    this.expiresAt = Objects.requireNonNull(newExpiry, "newExpiry");
  }

  /** Whether this holder has released the lease. */
  protected final boolean released() {
    return released;
  }

  /**
   * Marks the lease released; returns {@code true} only for the first call, so a provider tells its store
   * once.
   */
  protected final synchronized boolean markReleased() {
    if (released) {
      return false;
    }
    released = true;
    return true;
  }

  @Override
  public String toString() {
    return "Lease[" + name + " #" + token + " until " + expiresAt + "]";
  }
}
