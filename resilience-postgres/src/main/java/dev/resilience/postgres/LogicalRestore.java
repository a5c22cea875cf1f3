package dev.resilience.postgres;

import dev.resilience.ConfigurationException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.SnapshotReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;

/**
 * Restores a logical snapshot: schemas, sequences and tables first, then data with {@code COPY ... FROM STDIN}
 * (tables in parallel), then constraints and indexes, then foreign keys, sequence values and views.
 */
final class LogicalRestore {
  private final PostgresConnection connection;
  private final Map<String, String> renames;
  private final boolean replace;

  LogicalRestore(PostgresConnection connection, Map<String, String> renames, boolean replace) {
    this.connection = connection;
    this.renames = Map.copyOf(renames);
    this.replace = replace;
  }

  private String target(String schema) {
    return renames.getOrDefault(schema, schema);
  }

  PostgresRestoreReport run(SnapshotReader reader) {
    String where = "restore into " + connection.describe();
    Map<String, Entry> byPath = new HashMap<>();
    for (Entry e : reader.entries()) {
      byPath.put(e.path(), e);
    }
    Entry schemaEntry = byPath.get(LogicalBackup.SCHEMA_ENTRY);
    if (schemaEntry == null) {
      throw new ConfigurationException(where + ": the snapshot has no " + LogicalBackup.SCHEMA_ENTRY
          + " (not a logical PostgreSQL backup, or the restore selected only some paths without it)");
    }
    CapturedSchema schema;
    try (InputStream in = reader.open(schemaEntry)) {
      schema = Json.read(in, CapturedSchema.class, LogicalBackup.SCHEMA_ENTRY);
    } catch (IOException e) {
      throw new UncheckedIOException(where + ": reading " + LogicalBackup.SCHEMA_ENTRY, e);
    }
    if (schema.format() != CapturedSchema.FORMAT) {
      throw new ConfigurationException(where + ": unknown schema format " + schema.format());
    }
    List<CapturedSchema.Table> tables = schema.tables().stream()
        .filter(t -> byPath.containsKey(Sql.dataPath(t.schema(), t.name()))).toList();
    Set<String> restoredTables = new HashSet<>();
    tables.forEach(t -> restoredTables.add(t.schema() + "." + t.name()));
    List<CapturedSchema.Sequence> sequences = schema.sequences().stream()
        .filter(s -> s.ownedByTable() == null || restoredTables.contains(s.schema() + "." + s.ownedByTable())).toList();
    List<String> warnings = new ArrayList<>();
    try (Connection c = connection.open()) {
      c.setAutoCommit(false);
      prepare(c, schema, tables, sequences);
      c.commit();
      long rows = load(tables, byPath, reader, where);
      finish(c, schema, tables, sequences, warnings);
      c.commit();
      String notCaptured = reader.metadata().getOrDefault("postgres.notCaptured", "");
      return new PostgresRestoreReport(connection.describe(),
          tables.stream().map(t -> target(t.schema()) + "." + t.name()).toList(), rows,
          notCaptured.isEmpty() ? List.of() : List.of(notCaptured.split("\n")), warnings);
    } catch (SQLException e) {
      throw PgErrors.map(where, e);
    }
  }

  private void prepare(Connection c, CapturedSchema schema, List<CapturedSchema.Table> tables,
      List<CapturedSchema.Sequence> sequences) throws SQLException {
    Set<String> schemas = new LinkedHashSet<>();
    tables.forEach(t -> schemas.add(target(t.schema())));
    sequences.forEach(s -> schemas.add(target(s.schema())));
    schema.views().forEach(v -> schemas.add(target(v.schema())));
    List<String> existing = new ArrayList<>();
    for (CapturedSchema.View v : schema.views()) {
      check(c, existing, "VIEW", target(v.schema()), v.name());
    }
    for (CapturedSchema.Table t : tables) {
      check(c, existing, "TABLE", target(t.schema()), t.name());
    }
    for (CapturedSchema.Sequence s : sequences) {
      if (!s.identity()) {
        check(c, existing, "SEQUENCE", target(s.schema()), s.name());
      }
    }
    if (!existing.isEmpty()) {
      if (!replace) {
        throw new ConfigurationException("restore into " + connection.describe() + ": already exists: "
            + String.join(", ", existing) + " (restore into an empty database or schema, rename the schema, or"
            + " choose to replace existing objects)");
      }
      try (Statement st = c.createStatement()) {
        for (String drop : existing) {
          int space = drop.indexOf(' ');
          st.execute("DROP " + drop.substring(0, space) + " IF EXISTS" + drop.substring(space) + " CASCADE");
        }
      }
    }
    try (Statement st = c.createStatement()) {
      for (String s : schemas) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(s));
      }
      for (CapturedSchema.Sequence s : sequences) {
        if (!s.identity()) {
          searchPath(c, target(s.schema()));
          st.execute(Ddl.createSequence(s));
        }
      }
      for (CapturedSchema.Table t : tables) {
        searchPath(c, target(t.schema()));
        st.execute(Ddl.createTable(t, sequences.stream().filter(s -> s.schema().equals(t.schema())).toList()));
      }
    }
  }

  private void check(Connection c, List<String> existing, String kind, String schema, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, Sql.qualified(schema, name));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          existing.add(kind + " " + Sql.qualified(schema, name));
        }
      }
    }
  }

  private static void searchPath(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
      ps.setString(1, Sql.ident(schema));
      ps.executeQuery().close();
    }
  }

  private long load(List<CapturedSchema.Table> tables, Map<String, Entry> byPath, SnapshotReader reader, String where) {
    ConcurrentLinkedQueue<CapturedSchema.Table> queue = new ConcurrentLinkedQueue<>(tables);
    int workers = Math.max(1, Math.min(reader.parallelism(), tables.size()));
    AtomicLong rows = new AtomicLong();
    Workers.run(workers, "resilience-pg-restore", where, () -> {
      try (Connection c = connection.open()) {
        PGConnection pg = c.unwrap(PGConnection.class);
        for (CapturedSchema.Table t = queue.poll(); t != null; t = queue.poll()) {
          Entry entry = byPath.get(Sql.dataPath(t.schema(), t.name()));
          boolean binary = "binary".equals(entry.attributes().get("format"));
          String sql = "COPY " + Sql.qualified(target(t.schema()), t.name()) + " "
              + Sql.columnList(t.copyColumns()) + " FROM STDIN" + (binary ? " (FORMAT binary)" : "");
          try (InputStream in = reader.open(entry)) {
            rows.addAndGet(pg.getCopyAPI().copyIn(sql, in));
          } catch (IOException e) {
            throw new UncheckedIOException(where + ": reading " + entry.path(), e);
          }
        }
      } catch (SQLException e) {
        throw PgErrors.map(where + ": COPY", e);
      }
    }, queue::clear);
    return rows.get();
  }

  private void finish(Connection c, CapturedSchema schema, List<CapturedSchema.Table> tables,
      List<CapturedSchema.Sequence> sequences, List<String> warnings) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (CapturedSchema.Table t : tables) {
        searchPath(c, target(t.schema()));
        for (CapturedSchema.Constraint k : t.constraints()) {
          if (!k.kind().equals("f")) {
            st.execute(Ddl.addConstraint(t, k));
          }
        }
        for (CapturedSchema.Index i : t.indexes()) {
          st.execute(Ddl.createIndex(t, i));
        }
      }
      for (CapturedSchema.Table t : tables) {
        for (CapturedSchema.Constraint k : t.constraints()) {
          if (k.kind().equals("f")) {
            searchPath(c, target(t.schema()));
            attempt(c, Ddl.addConstraint(t, k), "foreign key " + k.name() + " on " + t.schema() + "." + t.name(),
                warnings);
          }
        }
      }
      for (CapturedSchema.Sequence s : sequences) {
        searchPath(c, target(s.schema()));
        if (s.ownedByTable() != null && !s.identity()) {
          st.execute(Ddl.ownedBy(s));
        }
        if (s.lastValue() == null) {
          warnings.add("sequence " + s.schema() + "." + s.name() + ": value not captured, left at its start");
          continue;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
          ps.setString(1, Sql.qualified(target(s.schema()), s.name()));
          ps.setLong(2, s.lastValue());
          ps.setBoolean(3, s.called());
          ps.executeQuery().close();
        }
      }
    }
    createViews(c, schema.views(), warnings);
  }

  private void createViews(Connection c, List<CapturedSchema.View> views, List<String> warnings) throws SQLException {
    List<CapturedSchema.View> pending = new ArrayList<>(views);
    Map<CapturedSchema.View, String> errors = new HashMap<>();
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (CapturedSchema.View v : new ArrayList<>(pending)) {
        searchPath(c, target(v.schema()));
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
          st.execute(Ddl.createView(v));
          c.releaseSavepoint(sp);
          pending.remove(v);
          progress = true;
        } catch (SQLException e) {
          c.rollback(sp);
          errors.put(v, e.getMessage());
        }
      }
    }
    for (CapturedSchema.View v : pending) {
      warnings.add("view " + v.schema() + "." + v.name() + " not created: " + errors.get(v));
    }
  }

  private static void attempt(Connection c, String sql, String what, List<String> warnings) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try (Statement st = c.createStatement()) {
      st.execute(sql);
      c.releaseSavepoint(sp);
    } catch (SQLException e) {
      c.rollback(sp);
      warnings.add(what + " not created: " + e.getMessage());
    }
  }
}
