package dev.resilience.postgres;

import dev.resilience.ConfigurationException;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.BackupTargetProvider;
import java.util.Map;
import java.util.Set;

/**
 * ServiceLoader factory {@code postgres}. Keys: {@code url} (required, {@code jdbc:postgresql://...}),
 * {@code user} (required), {@code passwordEnv} (name of an environment variable holding the password),
 * {@code includeSchemas}, {@code excludeSchemas}, {@code includeTables}, {@code excludeTables}
 * (comma-separated regular expressions), {@code parallelism}, {@code format} ({@code binary} or {@code text}).
 */
public final class PostgresBackupTargetProvider implements BackupTargetProvider {
  private static final Set<String> KEYS = Set.of("url", "user", "passwordEnv", "includeSchemas", "excludeSchemas",
      "includeTables", "excludeTables", "parallelism", "format");

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public BackupTarget create(Map<String, String> config) {
    for (String key : config.keySet()) {
      if (!KEYS.contains(key)) {
        throw new ConfigurationException("postgres target: unknown key '" + key + "'; known: " + new java.util.TreeSet<>(KEYS));
      }
    }
    PostgresConnection conn = connection(config, "postgres target");
    PostgresBackupTarget.Builder b = PostgresBackupTarget.builder(conn);
    split(config.get("includeSchemas"), b::includeSchemas);
    split(config.get("excludeSchemas"), b::excludeSchemas);
    split(config.get("includeTables"), b::includeTables);
    split(config.get("excludeTables"), b::excludeTables);
    if (config.containsKey("parallelism")) {
      try {
        b.parallelism(Integer.parseInt(config.get("parallelism")));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("postgres target: bad parallelism '" + config.get("parallelism") + "'", e);
      }
    }
    String format = config.getOrDefault("format", "binary");
    if (format.equals("text")) {
      b.textFormat();
    } else if (!format.equals("binary")) {
      throw new ConfigurationException("postgres target: format must be binary or text, got '" + format + "'");
    }
    return b.build();
  }

  /** The connection described by {@code url}, {@code user} and {@code passwordEnv}. */
  static PostgresConnection connection(Map<String, String> config, String what) {
    String url = required(config, "url", what);
    String user = required(config, "user", what);
    String passwordEnv = config.get("passwordEnv");
    try {
      return PostgresConnection.of(url, user, () -> {
        String pw = passwordEnv == null ? null : System.getenv(passwordEnv);
        return pw == null ? null : pw.toCharArray();
      });
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(what + ": " + e.getMessage(), e);
    }
  }

  static String required(Map<String, String> config, String key, String what) {
    String v = config.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigurationException(what + ": '" + key + "' is required");
    }
    return v;
  }

  private static void split(String value, java.util.function.Consumer<String[]> into) {
    if (value != null && !value.isBlank()) {
      into.accept(java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .toArray(String[]::new));
    }
  }
}
