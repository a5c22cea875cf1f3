package dev.resilience.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Live records that a {@link LiveDataRetention} found expired: what a dry run reports and what
 * {@link LiveDataRetention#archive} and {@link LiveDataRetention#purge} then act on.
 *
 * @param description what was selected, for plans and evidence ("rows of public.events with created_at &lt; 2026-01-01T00:00:00Z")
 * @param cutoff records older than this are expired
 * @param count number of expired records
 * @param bytes their approximate size, or {@code -1} if not known
 * @param sample a few identifiers of selected records (paths, keys, primary keys) for explanations
 * @param parameters whatever the implementation needs to act on exactly this selection later
 */
public record RetentionSelection(
    String description, Instant cutoff, long count, long bytes, List<String> sample, Map<String, String> parameters) {
  public RetentionSelection {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(cutoff, "cutoff");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0");
    }
    sample = sample == null ? List.of() : List.copyOf(sample);
    parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
  }
}
