package dev.resilience.postgres;

import java.util.List;

/**
 * Per-table row counts and row checksums recorded at backup time ({@code stats.json}), what a drill's
 * {@link PostgresVerifier} compares the restored tables with.
 */
record TableStats(String copyFormat, String algorithm, List<Table> tables) {
  TableStats {
    tables = List.copyOf(tables);
  }

  record Table(String schema, String name, long rows, String checksum) {}
}
