package dev.resilience.postgres;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Entry;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.VerificationContext;
import dev.resilience.spi.VerificationResult;
import dev.resilience.spi.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.postgresql.PGConnection;

/**
 * Verifies a logical snapshot restored into a PostgreSQL target (a drill's sandbox): every table's row count
 * and order-independent row checksum must equal what the backup recorded ({@code stats.json}), and every
 * custom SQL check must return {@code true}. Immutable; build with {@link #builder()}.
 */
public final class PostgresVerifier implements Verifier {
  private final Map<String, String> checks;

  private PostgresVerifier(Map<String, String> checks) {
    this.checks = Map.copyOf(checks);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "postgres-rows";
  }

  @Override
  public VerificationResult verify(VerificationContext context) {
    Optional<BackupTarget> restored = context.restored();
    if (restored.isEmpty() || !(restored.get() instanceof PostgresBackupTarget target)) {
      return VerificationResult.failed(name(), "nothing restored into a PostgreSQL target to verify", Map.of());
    }
    SnapshotReader reader = context.reader();
    TableStats stats = readEntry(reader, LogicalBackup.STATS_ENTRY, TableStats.class);
    CapturedSchema schema = readEntry(reader, LogicalBackup.SCHEMA_ENTRY, CapturedSchema.class);
    if (stats == null || schema == null) {
      return VerificationResult.failed(name(), "the snapshot has no recorded row counts (not a logical PostgreSQL"
          + " backup?)", Map.of());
    }
    Map<String, String> details = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long rows = 0;
    PostgresConnection conn = target.connection();
    String where = "verify " + conn.describe();
    try (Connection c = conn.open()) {
      PGConnection pg = c.unwrap(PGConnection.class);
      for (TableStats.Table expected : stats.tables()) {
        CapturedSchema.Table table = schema.tables().stream()
            .filter(t -> t.schema().equals(expected.schema()) && t.name().equals(expected.name())).findFirst()
            .orElseThrow();
        String name = target.restoredSchema(table.schema()) + "." + table.name();
        boolean binary = stats.copyFormat().equals("binary");
        RowDigest digest = new RowDigest(OutputStream.nullOutputStream(), binary);
        try {
          pg.getCopyAPI().copyOut("COPY " + Sql.qualified(target.restoredSchema(table.schema()), table.name()) + " "
              + Sql.columnList(table.copyColumns()) + " TO STDOUT" + (binary ? " (FORMAT binary)" : ""), digest);
          digest.finish();
        } catch (SQLException e) {
          failures.add(name);
          details.put("table." + name, "unreadable: " + e.getMessage());
          continue;
        }
        rows += digest.rows();
        boolean ok = digest.rows() == expected.rows() && digest.checksum().equals(expected.checksum());
        details.put("table." + name, (ok ? "ok " : "MISMATCH ") + "rows " + digest.rows() + "/" + expected.rows()
            + ", checksum " + digest.checksum() + "/" + expected.checksum());
        if (!ok) {
          failures.add(name);
        }
      }
      for (Map.Entry<String, String> check : new TreeMap<>(checks).entrySet()) {
        String outcome = runCheck(c, check.getValue());
        details.put("check." + check.getKey(), outcome);
        if (!outcome.equals("passed")) {
          failures.add("check " + check.getKey());
        }
      }
    } catch (SQLException e) {
      throw PgErrors.map(where, e);
    } catch (IOException e) {
      throw new UncheckedIOException(where, e);
    }
    details.put("tables", Integer.toString(stats.tables().size()));
    details.put("rows", Long.toString(rows));
    String counts = stats.tables().size() + " tables, " + rows + " rows";
    if (failures.isEmpty()) {
      return VerificationResult.passed(name(), counts + ", row counts and checksums equal"
          + (checks.isEmpty() ? "" : ", " + checks.size() + " checks passed"), details);
    }
    return VerificationResult.failed(name(), counts + "; failed: " + String.join(", ", failures), details);
  }

  private static String runCheck(Connection c, String sql) {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        return "failed: no row";
      }
      return rs.getBoolean(1) ? "passed" : "failed: returned " + rs.getString(1);
    } catch (SQLException e) {
      return "failed: " + e.getMessage();
    }
  }

  private static <T> T readEntry(SnapshotReader reader, String path, Class<T> type) {
    for (Entry e : reader.entries()) {
      if (e.path().equals(path)) {
        try (InputStream in = reader.open(e)) {
          return Json.read(in, type, path);
        } catch (IOException ex) {
          throw new UncheckedIOException("reading " + path, ex);
        }
      }
    }
    return null;
  }

  /** Builder for {@link PostgresVerifier}. */
  public static final class Builder {
    private final Map<String, String> checks = new LinkedHashMap<>();

    private Builder() {}

    /** A custom check: {@code sql} must return one row whose first column is {@code true}. */
    public Builder check(String name, String sql) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sql, "sql");
      if (name.isBlank() || sql.isBlank()) {
        throw new IllegalArgumentException("check name and SQL must not be blank");
      }
      if (checks.containsKey(name)) {
        throw new IllegalStateException("check '" + name + "' is already defined");
      }
      checks.put(name, sql);
      return this;
    }

    public PostgresVerifier build() {
      return new PostgresVerifier(checks);
    }
  }
}
