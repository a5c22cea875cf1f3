package dev.resilience.postgres;

import dev.resilience.spi.EvidenceSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evidence records in a PostgreSQL table that the application role can only INSERT into and SELECT from:
 * {@link #install} (run once, as an administrator) creates the table, grants the application role exactly
 * those privileges, and adds a trigger that rejects UPDATE, DELETE and TRUNCATE even for the table's owner.
 * Each {@link #append} is its own committed transaction; {@link #readAll} returns records in append order.
 */
public final class PostgresEvidenceSink implements EvidenceSink {
  private final PostgresConnection connection;
  private final String schema;
  private final String table;

  private PostgresEvidenceSink(PostgresConnection connection, String schema, String table) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.table = Objects.requireNonNull(table, "table");
  }

  /** A sink appending to {@code schema.table} as the connection's (application) role. */
  public static PostgresEvidenceSink of(PostgresConnection connection, String schema, String table) {
    return new PostgresEvidenceSink(connection, schema, table);
  }

  /**
   * Creates the evidence table (if absent) as {@code admin}, grants {@code applicationRole} SELECT and INSERT
   * only, and installs the append-only trigger.
   */
  public static void install(PostgresConnection admin, String schema, String table, String applicationRole) {
    String q = Sql.qualified(schema, table);
    String fn = Sql.qualified(schema, table + "_append_only");
    try (Connection c = admin.open(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(schema));
      st.execute("CREATE TABLE IF NOT EXISTS " + q + " (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
          + " record text NOT NULL, appended_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      st.execute("CREATE OR REPLACE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN"
          + " RAISE EXCEPTION 'evidence is append-only: % on %', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';"
          + " END$$");
      st.execute("DROP TRIGGER IF EXISTS append_only ON " + q);
      st.execute("CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON " + q + " FOR EACH ROW EXECUTE FUNCTION "
          + fn + "()");
      st.execute("DROP TRIGGER IF EXISTS append_only_truncate ON " + q);
      st.execute("CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON " + q + " FOR EACH STATEMENT EXECUTE FUNCTION "
          + fn + "()");
      st.execute("REVOKE ALL ON " + q + " FROM PUBLIC");
      st.execute("REVOKE ALL ON " + q + " FROM " + Sql.ident(applicationRole));
      st.execute("GRANT USAGE ON SCHEMA " + Sql.ident(schema) + " TO " + Sql.ident(applicationRole));
      st.execute("GRANT SELECT, INSERT ON " + q + " TO " + Sql.ident(applicationRole));
      c.commit();
    } catch (SQLException e) {
      throw PgErrors.map("install evidence table " + schema + "." + table + " in " + admin.describe(), e);
    }
  }

  @Override
  public void append(String record) {
    Objects.requireNonNull(record, "record");
    if (record.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("an evidence record is one line of JSON");
    }
    try (Connection c = connection.open();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + Sql.qualified(schema, table) + " (record) VALUES (?)")) {
      ps.setString(1, record);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw PgErrors.map("append evidence to " + schema + "." + table, e);
    }
  }

  @Override
  public List<String> readAll() {
    List<String> out = new ArrayList<>();
    try (Connection c = connection.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT record FROM " + Sql.qualified(schema, table) + " ORDER BY seq")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw PgErrors.map("read evidence from " + schema + "." + table, e);
    }
    return out;
  }

  @Override
  public String toString() {
    return "PostgresEvidenceSink[" + connection.describe() + " " + schema + "." + table + "]";
  }
}
