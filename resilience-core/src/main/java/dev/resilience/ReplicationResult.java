package dev.resilience;

import java.util.List;
import java.util.Map;

/**
 * What a replication run did.
 *
 * @param repository the name of the second repository
 * @param copied source snapshot id → id of its verified copy, for snapshots copied in this run
 * @param alreadyPresent source snapshot ids that had a copy already (idempotence)
 * @param failed source snapshot id → why its copy failed (it is retried on the next run)
 */
public record ReplicationResult(String repository, Map<String, String> copied, List<String> alreadyPresent,
    Map<String, String> failed) {
  public ReplicationResult {
    copied = Map.copyOf(copied);
    alreadyPresent = List.copyOf(alreadyPresent);
    failed = Map.copyOf(failed);
  }
}
