package dev.resilience.postgres;

import dev.resilience.ConfigurationException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.LiveDataRetention;
import dev.resilience.spi.RetentionSelection;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.postgresql.PGConnection;

/**
 * Retention of live rows in PostgreSQL: rows of a table whose timestamp column is older than a maximum age,
 * deleted in bounded batches ({@code DELETE ... WHERE ctid IN (SELECT ctid ... LIMIT n FOR UPDATE SKIP LOCKED)}
 * so production writers are never blocked), or whole range partitions whose upper bound is at or before the
 * cutoff, detached and dropped. {@link #archive} writes exactly the rows {@link #purge} removes: the same
 * predicate with the selection's fixed cutoff. Build with {@link #rows} or {@link #partitions}.
 */
public final class PostgresRowRetention implements LiveDataRetention {
  private final PostgresConnection connection;
  private final String schema;
  private final String table;
  private final String column; // null in partition mode
  private final Duration maxAge;

  private PostgresRowRetention(PostgresConnection connection, String schema, String table, String column,
      Duration maxAge) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.schema = Sql.requireName(schema, "schema");
    this.table = Sql.requireName(table, "table");
    this.column = column;
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
  }

  /** Rows of {@code schema.table} whose {@code timestampColumn} is older than {@code maxAge}. */
  public static PostgresRowRetention rows(PostgresConnection connection, String schema, String table,
      String timestampColumn, Duration maxAge) {
    return new PostgresRowRetention(connection, schema, table, Sql.requireName(timestampColumn, "timestampColumn"), maxAge);
  }

  /** Range partitions of {@code schema.parent} whose upper bound is older than {@code maxAge}. */
  public static PostgresRowRetention partitions(PostgresConnection connection, String schema, String parent,
      Duration maxAge) {
    return new PostgresRowRetention(connection, schema, parent, null, maxAge);
  }

  @Override
  public String describe() {
    return column != null
        ? "rows of " + schema + "." + table + " in " + connection.describe() + " with " + column + " older than " + maxAge
        : "partitions of " + schema + "." + table + " in " + connection.describe() + " ending more than " + maxAge + " ago";
  }

  private String qualified() {
    return Sql.qualified(schema, table);
  }

  private String predicate() {
    return Sql.ident(column) + " < ?::timestamptz";
  }

  @Override
  public RetentionSelection select(Instant now) {
    Instant cutoff = now.minus(maxAge);
    try (Connection c = open()) {
      if (column != null) {
        return selectRows(c, cutoff);
      }
      return selectPartitions(c, cutoff);
    } catch (SQLException e) {
      throw PgErrors.map("retention select on " + schema + "." + table, e);
    }
  }

  private Connection open() throws SQLException {
    Connection c = connection.open();
    try (Statement st = c.createStatement()) {
      st.execute("SET TIME ZONE 'UTC'");
    }
    return c;
  }

  private RetentionSelection selectRows(Connection c, Instant cutoff) throws SQLException {
    long count;
    long bytes;
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(pg_column_size(t.*)), 0) FROM "
        + qualified() + " t WHERE " + predicate())) {
      ps.setString(1, cutoff.toString());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        count = rs.getLong(1);
        bytes = rs.getLong(2);
      }
    }
    List<String> sample = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT ctid::text FROM " + qualified() + " WHERE " + predicate()
        + " LIMIT 5")) {
      ps.setString(1, cutoff.toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sample.add("ctid " + rs.getString(1));
        }
      }
    }
    return new RetentionSelection("rows of " + schema + "." + table + " with " + column + " < " + cutoff, cutoff, count,
        bytes, sample, Map.of("mode", "rows", "schema", schema, "table", table, "column", column));
  }

  private RetentionSelection selectPartitions(Connection c, Instant cutoff) throws SQLException {
    List<String> partitions = expiredPartitions(c, cutoff);
    long count = 0;
    long bytes = 0;
    for (String p : partitions) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*), pg_total_relation_size(" + Sql.literal(p) + "::regclass) FROM " + p)) {
        rs.next();
        count += rs.getLong(1);
        bytes += rs.getLong(2);
      }
    }
    return new RetentionSelection("partitions of " + schema + "." + table + " ending at or before " + cutoff + ": "
        + partitions, cutoff, count, bytes, partitions.subList(0, Math.min(5, partitions.size())),
        Map.of("mode", "partitions", "schema", schema, "table", table, "partitions", String.join("\n", partitions)));
  }

  private List<String> expiredPartitions(Connection c, Instant cutoff) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT p.part FROM (SELECT i.inhrelid::regclass::text AS part, (regexp_match(pg_get_expr(k.relpartbound,"
            + " k.oid), 'TO \\(''([^'']+)''\\)'))[1] AS upper FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid"
            + " WHERE i.inhparent = ?::regclass) p WHERE p.upper IS NOT NULL AND p.upper::timestamptz <= ?::timestamptz ORDER BY 1")) {
      ps.setString(1, qualified());
      ps.setString(2, cutoff.toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  public void archive(RetentionSelection selection, SnapshotWriter writer) {
    check(selection);
    try (Connection c = open()) {
      PGConnection pg = c.unwrap(PGConnection.class);
      if (column != null) {
        String sql = "COPY (SELECT * FROM " + qualified() + " WHERE " + Sql.ident(column) + " < "
            + Sql.literal(selection.cutoff().toString()) + "::timestamptz) TO STDOUT (FORMAT binary)";
        copy(pg, sql, writer, Sql.dataPath(schema, table), selection);
      } else {
        for (String p : partitions(selection)) {
          copy(pg, "COPY (SELECT * FROM " + p + ") TO STDOUT (FORMAT binary)", writer, "data/" + Sql.segment(p), selection);
        }
      }
    } catch (SQLException e) {
      throw PgErrors.map("retention archive of " + schema + "." + table, e);
    }
  }

  private void copy(PGConnection pg, String sql, SnapshotWriter writer, String path, RetentionSelection selection)
      throws SQLException {
    Entry entry = Entry.file(path, -1, selection.cutoff()).withAttributes(Map.of("format", "binary", "schema", schema,
        "table", table, "cutoff", selection.cutoff().toString()));
    try (OutputStream out = writer.create(entry)) {
      pg.getCopyAPI().copyOut(sql, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing archive " + path, e);
    }
  }

  @Override
  public long purge(RetentionSelection selection, int batchSize) {
    check(selection);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    try (Connection c = open()) {
      return column != null ? purgeRows(c, selection.cutoff(), batchSize) : purgePartitions(c, selection);
    } catch (SQLException e) {
      throw PgErrors.map("retention purge of " + schema + "." + table, e);
    }
  }

  private long purgeRows(Connection c, Instant cutoff, int batchSize) throws SQLException {
    long total = 0;
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + qualified() + " WHERE ctid IN (SELECT ctid FROM "
        + qualified() + " WHERE " + predicate() + " LIMIT " + batchSize + " FOR UPDATE SKIP LOCKED)")) {
      ps.setString(1, cutoff.toString());
      for (int n = ps.executeUpdate(); n > 0; n = ps.executeUpdate()) {
        total += n;
      }
    }
    return total;
  }

  private long purgePartitions(Connection c, RetentionSelection selection) throws SQLException {
    long total = 0;
    List<String> stillExpired = expiredPartitions(c, selection.cutoff());
    for (String p : partitions(selection)) {
      if (!stillExpired.contains(p)) {
        continue; // already dropped by an interrupted earlier run
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + p)) {
          rs.next();
          total += rs.getLong(1);
        }
        st.execute("ALTER TABLE " + qualified() + " DETACH PARTITION " + p);
        st.execute("DROP TABLE " + p);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    return total;
  }

  private static List<String> partitions(RetentionSelection selection) {
    String list = selection.parameters().getOrDefault("partitions", "");
    return list.isEmpty() ? List.of() : List.of(list.split("\n"));
  }

  private void check(RetentionSelection selection) {
    Map<String, String> p = selection.parameters();
    if (!schema.equals(p.get("schema")) || !table.equals(p.get("table"))
        || !(column == null ? "partitions" : "rows").equals(p.get("mode"))) {
      throw new ConfigurationException("retention selection was made by another retention: " + selection.description());
    }
  }

  @Override
  public String toString() {
    return "PostgresRowRetention[" + describe() + "]";
  }
}
