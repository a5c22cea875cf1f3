package dev.resilience.s3;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link S3Analyzer} found out about an S3 endpoint: one finding per check.
 *
 * @param endpoint the store that was analysed (no credentials)
 * @param startedAt when the analysis started
 * @param duration how long it took
 * @param findings one per check, in the order they ran
 */
public record AnalysisReport(String endpoint, Instant startedAt, Duration duration, List<Finding> findings) {
  public AnalysisReport {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    findings = List.copyOf(findings);
  }

  /** Outcome of one check. */
  public enum Outcome {
    PASSED,
    /** The endpoint got something wrong; {@link Finding#detail()} says what. */
    FAILED,
    /** Not run (time budget used up, or a check it depends on failed). */
    SKIPPED
  }

  /**
   * One check.
   *
   * @param check short name ({@code read-after-write}, {@code conditional-put}, ...)
   * @param outcome passed, failed or skipped
   * @param detail what was observed
   */
  public record Finding(String check, Outcome outcome, String detail) {
    public Finding {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Whether no check failed. */
  public boolean passed() {
    return findings.stream().noneMatch(f -> f.outcome() == Outcome.FAILED);
  }

  /** The finding of a check, by name. */
  public Finding finding(String check) {
    return findings.stream().filter(f -> f.check().equals(check)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no check named '" + check + "'"));
  }

  /** A readable multi-line report. */
  public String render() {
    StringBuilder sb = new StringBuilder("S3 endpoint analysis of ").append(endpoint).append(" (").append(duration.toMillis())
        .append(" ms): ").append(passed() ? "PASSED" : "FAILED").append('\n');
    for (Finding f : findings) {
      sb.append(String.format("  %-7s %-34s %s%n", f.outcome(), f.check(), f.detail()));
    }
    return sb.toString();
  }
}
