package dev.resilience.internal.policy;

import java.util.Map;

/**
 * Where the engine reports evidence: one call per backup, copy, restore, drill, retention decision,
 * deletion, legal hold and policy change, with the action's wire name and the details keys documented by
 * {@code dev.resilience.evidence.EvidenceAction}. The engine wires this to an {@code EvidenceLog}.
 */
@FunctionalInterface
public interface EvidenceHook {
  EvidenceHook NONE = (action, tenant, dataset, snapshotId, details) -> {};

  void record(String action, String tenant, String dataset, String snapshotId, Map<String, ?> details);
}
