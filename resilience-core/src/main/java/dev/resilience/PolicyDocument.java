package dev.resilience;

import dev.resilience.internal.policy.PolicyDocumentReader;
import dev.resilience.internal.policy.PolicyDocumentWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of dataset policies as a document (JSON or YAML, version 1), as a host application's governance
 * service hands it over. {@link #parse} validates the whole document and reports every problem with its
 * path ({@code datasets[2].retention.hot: must be ≥ 1 day}); unknown fields are problems too, so a typo
 * cannot silently disable a rule.
 *
 * <pre>{@code
 * version: 1
 * classifications:            # limits applied to every dataset with the classification
 *   FINANCIAL: {minimumAge: 7y}
 *   PII: {maximumAge: 400d}
 * datasets:
 *   - tenant: acme
 *     dataset: orders
 *     classification: FINANCIAL
 *     alsoClassified: [PII]
 *     schedules:
 *       full: {cron: "0 2 * * 0", zone: Europe/Berlin, startWindow: 1h, completionWindow: 4h, jitter: 10m}
 *       incremental: {cron: "0 * * * *", zone: Europe/Berlin}
 *     missedRuns: RUN_ONCE        # or SKIP
 *     rpo: 2h
 *     rto: 30m
 *     bandwidth: {backup: 50000000, restore: 100000000}   # bytes per second
 *     retention: {keepLast: 24, keepDaily: 7, keepWeekly: 5, keepMonthly: 12, keepWithin: 2d,
 *                 keepTags: [pre-migration], hot: 30d, cold: 400d, worm: 30d}
 *     drill: {select: RANDOM, window: 7d, schedule: {cron: "0 4 * * 6"}, verifiers: [checksums]}
 *     replication: {repository: dr-eu, schedule: {cron: "30 * * * *"}}
 * }</pre>
 */
public final class PolicyDocument {
  private final List<DatasetPolicy> datasets;

  private PolicyDocument(List<DatasetPolicy> datasets) {
    this.datasets = List.copyOf(datasets);
  }

  /** Reads and validates a JSON or YAML document; throws {@link PolicyValidationException} listing every problem. */
  public static PolicyDocument parse(String text) {
    Objects.requireNonNull(text, "text");
    return new PolicyDocument(PolicyDocumentReader.read(text));
  }

  /** A document of already built policies. */
  public static PolicyDocument of(List<DatasetPolicy> datasets) {
    for (DatasetPolicy p : datasets) {
      List<String> problems = p.problems();
      if (!problems.isEmpty()) {
        throw new PolicyValidationException(problems);
      }
    }
    return new PolicyDocument(datasets);
  }

  public List<DatasetPolicy> datasets() {
    return datasets;
  }

  public Optional<DatasetPolicy> dataset(String tenant, String dataset) {
    return datasets.stream().filter(d -> d.tenant().equals(tenant) && d.dataset().equals(dataset)).findFirst();
  }

  public String toJson() {
    return PolicyDocumentWriter.write(datasets, false);
  }

  public String toYaml() {
    return PolicyDocumentWriter.write(datasets, true);
  }
}
