package dev.resilience.postgres;

import java.util.List;
import java.util.Objects;

/**
 * What a logical restore did.
 *
 * @param destination where it restored ({@code postgres://host:port/db}, no credentials)
 * @param tables restored tables ({@code schema.table} as named in the destination)
 * @param rows rows loaded
 * @param notCaptured objects the backup did not capture (functions, triggers, extensions, ...): they are
 *     not in the destination unless they were there already
 * @param warnings objects captured but not recreated, with the reason
 */
public record PostgresRestoreReport(
    String destination, List<String> tables, long rows, List<String> notCaptured, List<String> warnings) {
  public PostgresRestoreReport {
    Objects.requireNonNull(destination, "destination");
    tables = List.copyOf(tables);
    notCaptured = List.copyOf(notCaptured);
    warnings = List.copyOf(warnings);
  }
}
