package dev.resilience.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded server per PostgreSQL major version for the whole test JVM (started on first use, stopped
 * and its data directory deleted at JVM exit). The binaries jars are copied by the build into the
 * directory named by the {@code resilience.pg.binaries} system property.
 */
final class TestServers {
  static final List<String> VERSIONS = List.of("14", "17");
  private static final Map<String, EmbeddedServer> SERVERS = new ConcurrentHashMap<>();
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestServers() {}

  static Path binaries(String version) {
    // set by failsafe; the same directory relative to the module when run otherwise (an IDE, surefire)
    String dir = System.getProperty("resilience.pg.binaries", "target/pg-binaries");
    Path jar = Path.of(dir, "postgres-" + version + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("missing " + jar.toAbsolutePath() + " (the build copies it: ./mvnw -pl"
          + " resilience-postgres generate-test-resources)");
    }
    return jar;
  }

  static synchronized EmbeddedServer server(String version) {
    return SERVERS.computeIfAbsent(version, v -> {
      EmbeddedServer s = EmbeddedServer.start(binaries(v));
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
      return s;
    });
  }

  /** A new empty database on the server of {@code version}. */
  static PostgresConnection freshDatabase(String version) {
    EmbeddedServer s = server(version);
    String name = "db_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    exec(s.connection("postgres"), "CREATE DATABASE " + name);
    return s.connection(name);
  }

  static void exec(PostgresConnection pg, String... sql) {
    try (Connection c = pg.open(); Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static List<List<String>> query(PostgresConnection pg, String sql) {
    try (Connection c = pg.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static String one(PostgresConnection pg, String sql) {
    return query(pg, sql).get(0).get(0);
  }

  /** Row count and an order-independent checksum of every row, computed by the server (independent of the library). */
  static String fingerprint(PostgresConnection pg, String table) {
    return one(pg, "SELECT count(*) || ':' || coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)"
        + " FROM " + table + " t");
  }
}
