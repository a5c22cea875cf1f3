package dev.resilience.postgres;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Checks, before a physical backup or WAL streaming starts, that the role may do it and the server is set up for it. */
final class PhysicalPreflight {
  private PhysicalPreflight() {}

  static String startFunction(int version) {
    return version >= 150000 ? "pg_backup_start(text,boolean)" : "pg_start_backup(text,boolean,boolean)";
  }

  static String stopFunction(int version) {
    return version >= 150000 ? "pg_backup_stop(boolean)" : "pg_stop_backup(boolean,boolean)";
  }

  /**
   * @param readFilesOverSql whether files are read with {@code pg_read_binary_file} (else from a local directory)
   * @param replication whether WAL is streamed over the replication protocol
   */
  static void check(Connection c, int version, String role, boolean readFilesOverSql, boolean replication)
      throws SQLException {
    List<String> functions = new ArrayList<>(List.of(startFunction(version), stopFunction(version)));
    if (readFilesOverSql) {
      functions.addAll(List.of("pg_ls_dir(text,boolean,boolean)", "pg_stat_file(text,boolean)",
          "pg_read_binary_file(text,bigint,bigint,boolean)"));
    }
    List<String> missing = new ArrayList<>();
    String walLevel;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT rolsuper, rolreplication, current_setting('wal_level'),"
            + " current_setting('max_wal_senders')::int FROM pg_roles WHERE rolname = current_user")) {
      rs.next();
      boolean superuser = rs.getBoolean(1);
      walLevel = rs.getString(3);
      if (replication && !superuser && !rs.getBoolean(2)) {
        missing.add("the REPLICATION attribute (ALTER ROLE " + role + " REPLICATION)");
      }
      if (replication && rs.getInt(4) == 0) {
        throw new ConfigurationException("max_wal_senders is 0 on the server; WAL streaming needs at least 1 (restart required)");
      }
      if (!superuser) {
        for (String f : functions) {
          try (ResultSet r = st.executeQuery("SELECT has_function_privilege(" + Sql.literal(f) + ", 'EXECUTE')")) {
            r.next();
            if (!r.getBoolean(1)) {
              missing.add("EXECUTE on function " + f);
            }
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new AccessDeniedException("role " + role + " lacks " + String.join(", ", missing)
          + " (needed for a physical backup" + (readFilesOverSql ? " read over SQL; reading files outside the data"
          + " directory also needs membership in pg_read_server_files" : "") + ")");
    }
    if (walLevel.equals("minimal")) {
      throw new ConfigurationException("wal_level is minimal on the server; physical backups and point-in-time"
          + " recovery need wal_level = replica (or logical), which takes a restart");
    }
  }
}
