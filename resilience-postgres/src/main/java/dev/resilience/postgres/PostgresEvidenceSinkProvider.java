package dev.resilience.postgres;

import dev.resilience.ConfigurationException;
import dev.resilience.spi.EvidenceSink;
import dev.resilience.spi.EvidenceSinkProvider;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ServiceLoader factory {@code postgres} for {@link PostgresEvidenceSink}. Keys: {@code url}, {@code user},
 * {@code passwordEnv} (as for the backup target) and {@code table} ({@code schema.table}, default
 * {@code resilience.evidence}). The table must have been installed with {@link PostgresEvidenceSink#install}.
 */
public final class PostgresEvidenceSinkProvider implements EvidenceSinkProvider {
  private static final Set<String> KEYS = Set.of("url", "user", "passwordEnv", "table");

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public EvidenceSink create(Map<String, String> config) {
    for (String key : config.keySet()) {
      if (!KEYS.contains(key)) {
        throw new ConfigurationException("postgres evidence sink: unknown key '" + key + "'; known: " + new TreeSet<>(KEYS));
      }
    }
    PostgresConnection conn = PostgresBackupTargetProvider.connection(config, "postgres evidence sink");
    String table = config.getOrDefault("table", "resilience.evidence");
    int dot = table.indexOf('.');
    if (dot <= 0 || dot == table.length() - 1) {
      throw new ConfigurationException("postgres evidence sink: table must be schema.table, got '" + table + "'");
    }
    return PostgresEvidenceSink.of(conn, table.substring(0, dot), table.substring(dot + 1));
  }
}
