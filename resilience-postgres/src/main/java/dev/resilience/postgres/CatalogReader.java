package dev.resilience.postgres;

import dev.resilience.AccessDeniedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the objects a logical backup captures from the system catalogs, inside the backup's transaction
 * (so it sees the same snapshot as the data). Expressions are rendered with {@code search_path} set to
 * the object's own schema, which leaves same-schema names unqualified and thus relocatable.
 */
final class CatalogReader {
  private static final String NOT_EXTENSION_MEMBER =
      " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid"
          + " AND e.deptype = 'e')";

  private final Connection conn;
  private final TableSelection selection;
  private final String role;
  private final java.util.Map<String, Long> sizes = new java.util.HashMap<>();
  private final List<String> notCaptured = new ArrayList<>();

  CatalogReader(Connection conn, TableSelection selection, String role) {
    this.conn = conn;
    this.selection = selection;
    this.role = role;
  }

  /** Table sizes ({@code schema.table} to bytes) seen by {@link #read}, to copy the largest tables first. */
  long size(CapturedSchema.Table t) {
    return sizes.getOrDefault(t.schema() + "." + t.name(), 0L);
  }

  /** Objects in the selected schemas (and the database) that {@link #read} does not capture. */
  List<String> notCaptured() {
    return List.copyOf(notCaptured);
  }

  CapturedSchema read() throws SQLException {
    List<String> schemas = new ArrayList<>();
    List<Long> schemaOids = new ArrayList<>();
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND n.nspname NOT LIKE 'pg\\_%' AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE"
                + " e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e') ORDER BY n.nspname")) {
      while (rs.next()) {
        if (selection.schema(rs.getString(2))) {
          schemaOids.add(rs.getLong(1));
          schemas.add(rs.getString(2));
        }
      }
    }
    setSearchPath("");
    notCaptured.addAll(global());
    for (long oid : schemaOids) {
      notCaptured.addAll(notCaptured(oid));
    }
    List<CapturedSchema.Table> tables = new ArrayList<>();
    List<CapturedSchema.Sequence> sequences = new ArrayList<>();
    List<CapturedSchema.View> views = new ArrayList<>();
    List<String> denied = new ArrayList<>();
    for (int i = 0; i < schemas.size(); i++) {
      String schema = schemas.get(i);
      setSearchPath(Sql.ident(schema));
      tables.addAll(tables(schemaOids.get(i), schema, denied));
      sequences.addAll(sequences(schemaOids.get(i), schema, denied));
      views.addAll(views(schemaOids.get(i), schema));
    }
    setSearchPath("");
    if (!denied.isEmpty()) {
      throw new AccessDeniedException("role " + role + " lacks SELECT on " + String.join(", ", denied)
          + " (a logical backup reads every selected table and sequence; GRANT SELECT to the role or exclude them)");
    }
    return new CapturedSchema(CapturedSchema.FORMAT, schemas, tables, sequences, views);
  }

  private void setSearchPath(String path) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT set_config('search_path', ?, true)")) {
      ps.setString(1, path);
      ps.executeQuery().close();
    }
  }

  private List<String> global() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")) {
      while (rs.next()) {
        out.add("extension " + rs.getString(1));
      }
    }
    out.add("owners, privileges (GRANT), comments, roles and tablespaces");
    return out;
  }

  private List<String> notCaptured(long ns) throws SQLException {
    String sql = "SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = ?1"
        + " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid"
        + " AND e.deptype = 'e')"
        + " UNION ALL SELECT 'trigger ' || quote_ident(t.tgname) || ' on ' || t.tgrelid::regclass::text"
        + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = ?1 AND NOT t.tgisinternal"
        + " UNION ALL SELECT CASE WHEN c.relkind = 'm' THEN 'materialized view ' WHEN c.relkind = 'f' THEN"
        + " 'foreign table ' WHEN c.relkind = 'p' THEN 'partitioned table ' WHEN c.relkind = 'c' THEN"
        + " 'composite type ' ELSE 'partition ' END || c.oid::regclass::text FROM pg_class c"
        + " WHERE c.relnamespace = ?1 AND (c.relkind IN ('m', 'f', 'p', 'c') OR (c.relkind = 'r' AND c.relispartition))"
        + NOT_EXTENSION_MEMBER
        + " UNION ALL SELECT 'type ' || t.oid::regtype::text FROM pg_type t WHERE t.typnamespace = ?1"
        + " AND t.typtype IN ('e', 'd', 'r') AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE"
        + " e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')"
        + " UNION ALL SELECT 'policy ' || quote_ident(p.polname) || ' on ' || p.polrelid::regclass::text"
        + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = ?1"
        + " UNION ALL SELECT 'rule ' || quote_ident(r.rulename) || ' on ' || r.ev_class::regclass::text"
        + " FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = ?1"
        + " AND r.rulename <> '_RETURN'";
    int params = sql.split("\\?1", -1).length - 1;
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(sql.replace("?1", "?"))) {
      for (int i = 1; i <= params; i++) {
        ps.setLong(i, ns);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    out.sort(null);
    return out;
  }

  private List<CapturedSchema.Table> tables(long ns, String schema, List<String> denied) throws SQLException {
    List<long[]> oids = new ArrayList<>();
    List<String[]> names = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT c.oid, c.relname, c.relpersistence = 'u', pg_total_relation_size(c.oid),"
            + " has_table_privilege(c.oid, 'SELECT'), quote_ident(c.relname), quote_ident(?) FROM pg_class c"
            + " WHERE c.relnamespace = ? AND c.relkind = 'r' AND NOT c.relispartition" + NOT_EXTENSION_MEMBER
            + " ORDER BY c.relname")) {
      ps.setString(1, schema);
      ps.setLong(2, ns);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(2);
          if (!selection.relation(schema, name)) {
            continue;
          }
          if (!rs.getBoolean(5)) {
            denied.add("table " + schema + "." + name);
          }
          oids.add(new long[] {rs.getLong(1), rs.getBoolean(3) ? 1 : 0});
          sizes.put(schema + "." + name, rs.getLong(4));
          names.add(new String[] {name, rs.getString(6), rs.getString(7)});
        }
      }
    }
    List<CapturedSchema.Table> out = new ArrayList<>();
    for (int i = 0; i < oids.size(); i++) {
      long oid = oids.get(i)[0];
      out.add(new CapturedSchema.Table(schema, names.get(i)[0], oids.get(i)[1] == 1, columns(oid),
          constraints(oid), indexes(oid, names.get(i)[2], names.get(i)[1])));
    }
    return out;
  }

  private List<CapturedSchema.Column> columns(long table) throws SQLException {
    List<CapturedSchema.Column> out = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
            + " CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END, NULLIF(a.attidentity, ''),"
            + " CASE WHEN a.attgenerated = 's' THEN pg_get_expr(d.adbin, d.adrelid) END"
            + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      ps.setLong(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CapturedSchema.Column(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
              rs.getString(5), rs.getString(6)));
        }
      }
    }
    return out;
  }

  private List<CapturedSchema.Constraint> constraints(long table) throws SQLException {
    List<CapturedSchema.Constraint> out = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?"
            + " AND contype IN ('p', 'u', 'c', 'x', 'f') ORDER BY contype, conname")) {
      ps.setLong(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CapturedSchema.Constraint(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return out;
  }

  private List<CapturedSchema.Index> indexes(long table, String schemaRef, String tableRef) throws SQLException {
    List<CapturedSchema.Index> out = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT ic.relname, i.indisunique, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            + " JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = ? AND NOT EXISTS (SELECT 1"
            + " FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid"
            + " AND k.contype IN ('p', 'u', 'x')) ORDER BY ic.relname")) {
      ps.setLong(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String def = rs.getString(3);
          String marker = null;
          int at = -1;
          for (String ref : new String[] {schemaRef + "." + tableRef, tableRef}) {
            for (String on : new String[] {" ON ", " ON ONLY "}) {
              if (at < 0) {
                marker = on + ref + " ";
                at = def.indexOf(marker);
              }
            }
          }
          if (at < 0) {
            throw new IllegalStateException("cannot parse index definition: " + def);
          }
          out.add(new CapturedSchema.Index(rs.getString(1), rs.getBoolean(2), def.substring(at + marker.length())));
        }
      }
    }
    return out;
  }

  private List<CapturedSchema.Sequence> sequences(long ns, String schema, List<String> denied) throws SQLException {
    List<CapturedSchema.Sequence> out = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqmin, s.seqmax, s.seqincrement,"
            + " s.seqcache, s.seqcycle, CASE WHEN dt.relnamespace = c.relnamespace THEN dt.relname END, da.attname,"
            + " coalesce(d.deptype = 'i', false), has_sequence_privilege(c.oid, 'SELECT')"
            + " FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid"
            + " LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid"
            + " AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')"
            + " LEFT JOIN pg_class dt ON dt.oid = d.refobjid"
            + " LEFT JOIN pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid"
            + " WHERE c.relkind = 'S' AND c.relnamespace = ?" + NOT_EXTENSION_MEMBER + " ORDER BY c.relname")) {
      ps.setLong(1, ns);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          boolean readable = rs.getBoolean(12);
          if (!readable) {
            denied.add("sequence " + schema + "." + name);
          }
          String ownedTable = rs.getString(9);
          out.add(new CapturedSchema.Sequence(schema, name, rs.getString(2), rs.getLong(3), rs.getLong(4),
              rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getBoolean(8), null, false, ownedTable,
              ownedTable == null ? null : rs.getString(10), rs.getBoolean(11)));
        }
      }
    }
    List<CapturedSchema.Sequence> withValues = new ArrayList<>();
    for (CapturedSchema.Sequence s : out) {
      if (denied.contains("sequence " + schema + "." + s.name())) {
        withValues.add(s);
        continue;
      }
      try (Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + Sql.qualified(schema, s.name()))) {
        rs.next();
        withValues.add(new CapturedSchema.Sequence(s.schema(), s.name(), s.dataType(), s.start(), s.min(), s.max(),
            s.increment(), s.cache(), s.cycle(), rs.getLong(1), rs.getBoolean(2), s.ownedByTable(),
            s.ownedByColumn(), s.identity()));
      }
    }
    return withValues;
  }

  private List<CapturedSchema.View> views(long ns, String schema) throws SQLException {
    List<CapturedSchema.View> out = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c WHERE c.relnamespace = ? AND c.relkind = 'v'"
            + NOT_EXTENSION_MEMBER + " ORDER BY c.oid")) {
      ps.setLong(1, ns);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (selection.relation(schema, rs.getString(1))) {
            out.add(new CapturedSchema.View(schema, rs.getString(1), rs.getString(2)));
          }
        }
      }
    }
    return out;
  }
}
