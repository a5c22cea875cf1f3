package dev.resilience.spi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Outcome of one {@link Verifier}.
 *
 * @param verifier the verifier's name
 * @param passed whether the backup passed
 * @param summary one line a person can read ("3 tables, 10 000 rows, checksums equal")
 * @param details facts for the evidence record (counts, checksums, failing items)
 */
public record VerificationResult(String verifier, boolean passed, String summary, Map<String, String> details) {
  public VerificationResult {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(summary, "summary");
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
  }

  public static VerificationResult passed(String verifier, String summary, Map<String, String> details) {
    return new VerificationResult(verifier, true, summary, details);
  }

  public static VerificationResult failed(String verifier, String summary, Map<String, String> details) {
    return new VerificationResult(verifier, false, summary, details);
  }
}
