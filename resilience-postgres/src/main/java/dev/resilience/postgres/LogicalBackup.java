package dev.resilience.postgres;

import dev.resilience.spi.Entry;
import dev.resilience.spi.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.postgresql.PGConnection;

/**
 * One logical backup: a REPEATABLE READ transaction exports its snapshot, captures the schema, and parallel
 * workers import the snapshot and stream each table with {@code COPY ... TO STDOUT}. Every table therefore
 * reflects the same instant, whatever runs concurrently.
 */
final class LogicalBackup {
  static final String SCHEMA_ENTRY = "schema.json";
  static final String STATS_ENTRY = "stats.json";

  private final PostgresConnection connection;
  private final TableSelection selection;
  private final int parallelism;
  private final boolean binary;
  private final Clock clock;

  LogicalBackup(PostgresConnection connection, TableSelection selection, int parallelism, boolean binary, Clock clock) {
    this.connection = connection;
    this.selection = selection;
    this.parallelism = parallelism;
    this.binary = binary;
    this.clock = clock;
  }

  void run(SnapshotWriter writer) {
    String where = "backup of " + connection.describe();
    try (Connection main = connection.open()) {
      main.setAutoCommit(false);
      main.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      main.setReadOnly(true);
      String snapshotId;
      int version;
      String database;
      String snapshotTime;
      try (Statement st = main.createStatement();
          ResultSet rs = st.executeQuery("SELECT pg_export_snapshot(), current_setting('server_version_num')::int,"
              + " current_database(), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")) {
        rs.next();
        snapshotId = rs.getString(1);
        version = rs.getInt(2);
        database = rs.getString(3);
        snapshotTime = rs.getString(4);
      }
      CatalogReader catalog = new CatalogReader(main, selection, connection.user());
      CapturedSchema schema = catalog.read();
      writer.add(Entry.file(SCHEMA_ENTRY, -1, clock.instant()), new ByteArrayInputStream(Json.write(schema)));
      writer.putMetadata("postgres.kind", "logical");
      writer.putMetadata("postgres.serverVersion", Integer.toString(version));
      writer.putMetadata("postgres.database", database);
      writer.putMetadata("postgres.snapshotTime", snapshotTime);
      writer.putMetadata("postgres.tables", Integer.toString(schema.tables().size()));
      writer.putMetadata("postgres.notCaptured", String.join("\n", catalog.notCaptured()));

      List<TableStats.Table> stats = copyTables(schema, catalog, snapshotId, writer, where);
      stats.sort(Comparator.comparing(TableStats.Table::schema).thenComparing(TableStats.Table::name));
      TableStats all = new TableStats(binary ? "binary" : "text", RowDigest.ALGORITHM, stats);
      writer.add(Entry.file(STATS_ENTRY, -1, clock.instant()), new ByteArrayInputStream(Json.write(all)));
      main.commit();
    } catch (SQLException e) {
      throw PgErrors.map(where, e);
    }
  }

  private List<TableStats.Table> copyTables(CapturedSchema schema, CatalogReader catalog, String snapshotId,
      SnapshotWriter writer, String where) {
    ConcurrentLinkedQueue<CapturedSchema.Table> queue = new ConcurrentLinkedQueue<>(
        schema.tables().stream().sorted(Comparator.comparingLong(catalog::size).reversed()).toList());
    int workers = Math.max(1, Math.min(parallelism, schema.tables().size()));
    List<TableStats.Table> stats = java.util.Collections.synchronizedList(new ArrayList<>());
    Workers.run(workers, "resilience-pg-copy", where, () -> worker(queue, snapshotId, writer, stats, where), queue::clear);
    return new ArrayList<>(stats);
  }

  private void worker(ConcurrentLinkedQueue<CapturedSchema.Table> queue, String snapshotId, SnapshotWriter writer,
      List<TableStats.Table> stats, String where) {
    CapturedSchema.Table table = queue.poll();
    if (table == null) {
      return;
    }
    try (Connection c = connection.open()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try (Statement st = c.createStatement()) {
        st.execute("SET TRANSACTION SNAPSHOT " + Sql.literal(snapshotId));
      }
      PGConnection pg = c.unwrap(PGConnection.class);
      for (; table != null; table = queue.poll()) {
        Entry entry = Entry.file(Sql.dataPath(table.schema(), table.name()), -1, clock.instant())
            .withAttributes(Map.of("schema", table.schema(), "table", table.name(), "format", binary ? "binary" : "text"));
        String sql = "COPY " + table.qualified() + " " + Sql.columnList(table.copyColumns()) + " TO STDOUT"
            + (binary ? " (FORMAT binary)" : "");
        RowDigest digest;
        try (OutputStream out = writer.create(entry)) {
          digest = new RowDigest(out, binary);
          pg.getCopyAPI().copyOut(sql, digest);
          digest.finish();
        } catch (SQLException e) {
          throw PgErrors.map(where + ": COPY " + table.schema() + "." + table.name(), e);
        } catch (IOException e) {
          throw new UncheckedIOException(where + ": writing " + entry.path(), e);
        }
        stats.add(new TableStats.Table(table.schema(), table.name(), digest.rows(), digest.checksum()));
      }
      c.commit();
    } catch (SQLException e) {
      throw PgErrors.map(where, e);
    }
  }
}
