package dev.resilience.internal.policy;

import dev.resilience.DatasetPolicy;
import dev.resilience.DrillPolicy;
import dev.resilience.RetentionPolicy;
import dev.resilience.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@link DatasetPolicy} as a whole and reports every problem as {@code path: message}, paths
 * relative to the dataset ({@code retention.hot}); a document prefixes {@code datasets[i].}.
 */
public final class PolicyValidator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Duration ONE_DAY = Duration.ofDays(1);

  private PolicyValidator() {}

  public static List<String> validate(DatasetPolicy p) {
    List<String> problems = new ArrayList<>();
    name(problems, "tenant", p.tenant());
    name(problems, "dataset", p.dataset());
    if (p.classification() == null) {
      problems.add("classification: is required");
    }
    if (p.full() == null) {
      problems.add("schedules.full: is required");
    }
    if (p.rpo() == null) {
      problems.add("rpo: is required");
    } else {
      Schedule most = p.incremental() != null ? p.incremental() : p.full();
      if (most != null) {
        Duration interval = most.longestInterval();
        if (p.rpo().compareTo(interval) < 0) {
          problems.add("rpo: " + Durations.format(p.rpo()) + " is shorter than the interval of the "
              + (p.incremental() != null ? "incremental" : "full") + " schedule (" + Durations.format(interval) + ")");
        }
      }
    }
    retention(problems, p.retention());
    if (p.drill() != null) {
      drill(problems, p.drill());
    }
    if (p.replication() != null && (p.replication().repository().isBlank())) {
      problems.add("replication.repository: is required");
    }
    return problems;
  }

  private static void name(List<String> problems, String path, String value) {
    if (value == null || value.isBlank()) {
      problems.add(path + ": is required");
    } else if (!NAME.matcher(value).matches()) {
      problems.add(path + ": '" + value + "' must be 1-128 letters, digits, '.', '_' or '-'");
    }
  }

  private static void retention(List<String> problems, RetentionPolicy r) {
    if (r.hot() != null && r.hot().compareTo(ONE_DAY) < 0) {
      problems.add("retention.hot: must be ≥ 1 day, got " + Durations.format(r.hot()));
    }
    if (r.hot() != null && r.cold() != null && r.cold().compareTo(r.hot()) <= 0) {
      problems.add("retention.cold: " + Durations.format(r.cold()) + " must be longer than retention.hot "
          + Durations.format(r.hot()) + " (a snapshot is deleted before it was ever cold)");
    }
    if (r.worm() != null && r.worm().compareTo(ONE_DAY) < 0) {
      problems.add("retention.worm: must be ≥ 1 day, got " + Durations.format(r.worm()));
    }
    Map.Entry<String, Duration> min = r.effectiveMinimum();
    Map.Entry<String, Duration> max = r.effectiveMaximum();
    if (min != null && max != null && max.getValue().compareTo(min.getValue()) < 0) {
      problems.add("retention: maximum age " + Durations.format(max.getValue()) + " (" + max.getKey()
          + ") is shorter than minimum age " + Durations.format(min.getValue()) + " (" + min.getKey() + ")");
    }
    if (r.cold() != null && min != null && r.cold().compareTo(min.getValue()) < 0) {
      problems.add("retention.cold: deletes at " + Durations.format(r.cold()) + ", before the minimum age "
          + Durations.format(min.getValue()) + " (" + min.getKey() + ")");
    }
    if (r.cold() != null && max != null && r.cold().compareTo(max.getValue()) > 0) {
      problems.add("retention.cold: keeps until " + Durations.format(r.cold()) + ", past the maximum age "
          + Durations.format(max.getValue()) + " (" + max.getKey() + ")");
    }
    if (r.hot() != null && max != null && r.hot().compareTo(max.getValue()) >= 0) {
      problems.add("retention.hot: " + Durations.format(r.hot()) + " is not shorter than the maximum age "
          + Durations.format(max.getValue()) + " (" + max.getKey() + ")");
    }
    if (r.worm() != null && max != null && r.worm().compareTo(max.getValue()) > 0) {
      problems.add("retention.worm: locks for " + Durations.format(r.worm()) + ", past the maximum age "
          + Durations.format(max.getValue()) + " (" + max.getKey() + ")");
    }
    if (r.worm() != null && r.cold() != null && r.worm().compareTo(r.cold()) > 0) {
      problems.add("retention.worm: locks for " + Durations.format(r.worm()) + ", past retention.cold "
          + Durations.format(r.cold()));
    }
  }

  private static void drill(List<String> problems, DrillPolicy d) {
    if (d.window().isNegative() || d.window().isZero()) {
      problems.add("drill.window: must be positive");
    }
    for (int i = 0; i < d.verifiers().size(); i++) {
      if (!DrillPolicy.BUILT_IN_VERIFIERS.contains(d.verifiers().get(i))) {
        problems.add("drill.verifiers[" + i + "]: unknown verifier '" + d.verifiers().get(i) + "'; known: "
            + DrillPolicy.BUILT_IN_VERIFIERS);
      }
    }
  }
}
