package dev.resilience;

import java.util.Objects;

/**
 * Copies of a dataset's snapshots in a second repository (another store, region or key).
 *
 * @param repository the name under which the second repository is registered with the engine
 * @param schedule when copies are made, or {@code null} for on demand (and after each backup)
 */
public record ReplicationPolicy(String repository, Schedule schedule) {
  public ReplicationPolicy {
    Objects.requireNonNull(repository, "repository");
  }
}
