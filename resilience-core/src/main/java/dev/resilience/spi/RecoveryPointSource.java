package dev.resilience.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Reports a restorable point that is newer than the dataset's latest snapshot, such as continuously archived
 * WAL. The engine takes the later of this point and the newest snapshot's point as the dataset's last restorable
 * point, and measures the RPO against it.
 */
@FunctionalInterface
public interface RecoveryPointSource {
  /**
   * The latest instant to which the dataset can be restored from data already durably stored in the repository
   * (for example, the time up to which WAL has been archived), or empty if unknown.
   *
   * <p>Called on every status check, so it must be cheap. It must not throw for transient problems (a lost
   * connection, a slow store): it returns the last value it knew instead.
   */
  Optional<Instant> latestRecoveryPoint();
}
