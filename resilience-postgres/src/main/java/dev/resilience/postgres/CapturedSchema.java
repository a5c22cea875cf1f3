package dev.resilience.postgres;

import java.util.List;

/**
 * Database objects captured from the catalogs at backup time, stored as {@code schema.json}. Names of
 * objects in the same schema are unqualified in every expression (captured with {@code search_path} set to
 * that schema), so they can be recreated in a renamed schema. Holds nothing that varies between two
 * databases with the same objects (no database name, time or sizes), so a backup of a faithful restore has
 * the same {@code schema.json}; those facts and the objects not captured are snapshot metadata.
 */
record CapturedSchema(
    int format,
    List<String> schemas,
    List<Table> tables,
    List<Sequence> sequences,
    List<View> views) {

  static final int FORMAT = 1;

  CapturedSchema {
    schemas = List.copyOf(schemas);
    tables = List.copyOf(tables);
    sequences = List.copyOf(sequences);
    views = List.copyOf(views);
  }

  record Table(
      String schema,
      String name,
      boolean unlogged,
      List<Column> columns,
      List<Constraint> constraints,
      List<Index> indexes) {
    Table {
      columns = List.copyOf(columns);
      constraints = List.copyOf(constraints);
      indexes = List.copyOf(indexes);
    }

    /** Columns a COPY reads and writes (stored generated columns are computed, not copied). */
    List<String> copyColumns() {
      return columns.stream().filter(c -> c.generated() == null).map(Column::name).toList();
    }

    String qualified() {
      return Sql.ident(schema) + "." + Sql.ident(name);
    }
  }

  /**
   * @param identity {@code a} (ALWAYS), {@code d} (BY DEFAULT) or {@code null}
   * @param generated expression of a stored generated column, else {@code null}
   */
  record Column(String name, String type, boolean notNull, String defaultExpr, String identity, String generated) {}

  /** @param kind {@code p} primary key, {@code u} unique, {@code c} check, {@code x} exclusion, {@code f} foreign key */
  record Constraint(String name, String kind, String definition) {}

  /** @param definition {@code pg_get_indexdef} with the table reference cut out: what follows {@code ON table} */
  record Index(String name, boolean unique, String definition) {}

  /**
   * @param lastValue current value ({@code null} if it could not be read)
   * @param ownedByTable/ownedByColumn the column owning it (serial or identity), or {@code null}
   * @param identity whether it is an identity column's sequence (created with the column, not separately)
   */
  record Sequence(
      String schema,
      String name,
      String dataType,
      long start,
      long min,
      long max,
      long increment,
      long cache,
      boolean cycle,
      Long lastValue,
      boolean called,
      String ownedByTable,
      String ownedByColumn,
      boolean identity) {}

  record View(String schema, String name, String query) {}
}
