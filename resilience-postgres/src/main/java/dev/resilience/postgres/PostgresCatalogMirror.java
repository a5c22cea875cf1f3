package dev.resilience.postgres;

import dev.resilience.Repository;
import dev.resilience.Snapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * A copy of repositories' snapshot catalogs in a PostgreSQL table, so that fleet-wide questions (which
 * tenant's last good backup is too old, how much each dataset stores) are one SQL query away. The
 * repository stays the source of truth; the table is a read model that {@link #sync} brings up to date.
 *
 * <p>The table (default {@code resilience.snapshots}) is created on first use, with one row per
 * (repository_id, snapshot_id): the snapshot's parent, target, tenant, dataset, classification, kind,
 * status, started_at/finished_at ({@code timestamptz}), total/new/stored bytes, entries, files,
 * content_digest, tags and metadata ({@code jsonb}), mirrored_at (last written by a sync) and forgotten_at
 * (set once the snapshot is no longer in the repository's catalog; the row is kept for history).
 *
 * <p>Latest complete backup age per tenant and dataset, across every mirrored repository:
 *
 * <pre>{@code
 * SELECT tenant, dataset, max(finished_at) AS latest, now() - max(finished_at) AS age
 * FROM resilience.snapshots
 * WHERE forgotten_at IS NULL AND status = 'COMPLETE'
 * GROUP BY tenant, dataset
 * ORDER BY age DESC;
 * }</pre>
 *
 * <p>Thread-safe; syncs of one repository are serialized by a transaction-level advisory lock.
 */
public final class PostgresCatalogMirror {
  private static final String COLUMNS = "parent_id, target, tenant, dataset, classification, kind, status,"
      + " started_at, finished_at, total_bytes, new_bytes, stored_bytes, entries, files, content_digest, tags, metadata";

  private final PostgresConnection connection;
  private final String schema;
  private final String table;
  private final Clock clock;
  private volatile boolean created;

  private PostgresCatalogMirror(PostgresConnection connection, String schema, String table, Clock clock) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.schema = Sql.requireName(schema, "schema");
    this.table = Sql.requireName(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A mirror into {@code resilience.snapshots}. */
  public static PostgresCatalogMirror of(PostgresConnection connection) {
    return of(connection, "resilience", "snapshots");
  }

  /** A mirror into {@code schema.table}. */
  public static PostgresCatalogMirror of(PostgresConnection connection, String schema, String table) {
    return of(connection, schema, table, Clock.systemUTC());
  }

  /** A mirror into {@code schema.table} whose mirrored_at/forgotten_at come from {@code clock}. */
  public static PostgresCatalogMirror of(PostgresConnection connection, String schema, String table, Clock clock) {
    return new PostgresCatalogMirror(connection, schema, table, clock);
  }

  /** What one {@link #sync} changed: rows added, rows rewritten (their snapshot changed), rows marked forgotten. */
  public record SyncResult(int inserted, int updated, int forgotten) {
    public SyncResult {
      if (inserted < 0 || updated < 0 || forgotten < 0) {
        throw new IllegalArgumentException("counts must be >= 0");
      }
    }
  }

  /**
   * Upserts every snapshot of {@code repository} and marks its rows whose snapshots left the catalog as
   * forgotten, in one transaction. Unchanged rows are not written.
   */
  public SyncResult sync(Repository repository) {
    Objects.requireNonNull(repository, "repository");
    String repositoryId = repository.id();
    List<Snapshot> snapshots = repository.snapshots();
    createTableIfAbsent();
    OffsetDateTime now = timestamp(clock.instant());
    String q = Sql.qualified(schema, table);
    try (Connection c = connection.open()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
          lock.setString(1, q + "/" + repositoryId);
          lock.executeQuery().close();
        }
        int inserted = 0;
        int updated = 0;
        try (PreparedStatement ps = c.prepareStatement(upsert(q))) {
          for (Snapshot s : snapshots) {
            bind(ps, repositoryId, s, now);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                if (rs.getBoolean(1)) {
                  inserted++;
                } else {
                  updated++;
                }
              }
            }
          }
        }
        int forgotten;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + q + " SET forgotten_at = ? WHERE repository_id = ?"
            + " AND forgotten_at IS NULL AND NOT (snapshot_id = ANY (?))")) {
          ps.setObject(1, now);
          ps.setString(2, repositoryId);
          ps.setArray(3, c.createArrayOf("text", snapshots.stream().map(Snapshot::id).toArray()));
          forgotten = ps.executeUpdate();
        }
        c.commit();
        return new SyncResult(inserted, updated, forgotten);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw PgErrors.map("mirror the catalog of repository " + repositoryId + " into " + schema + "." + table, e);
    }
  }

  /** Inserts, or rewrites a row whose values differ (or that was forgotten); returns whether it was an insert. */
  private static String upsert(String q) {
    String excluded = "EXCLUDED." + COLUMNS.replace(", ", ", EXCLUDED.");
    String current = "t." + COLUMNS.replace(", ", ", t.");
    return "INSERT INTO " + q + " AS t (repository_id, snapshot_id, " + COLUMNS + ", mirrored_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)"
        + " ON CONFLICT (repository_id, snapshot_id) DO UPDATE SET (" + COLUMNS + ", mirrored_at, forgotten_at) = ("
        + excluded + ", EXCLUDED.mirrored_at, NULL)"
        + " WHERE (" + current + ", t.forgotten_at) IS DISTINCT FROM (" + excluded + ", NULL::timestamptz)"
        + " RETURNING (xmax = 0)";
  }

  private static void bind(PreparedStatement ps, String repositoryId, Snapshot s, OffsetDateTime now)
      throws SQLException {
    int i = 1;
    ps.setString(i++, repositoryId);
    ps.setString(i++, s.id());
    ps.setString(i++, s.parentId());
    ps.setString(i++, s.target());
    ps.setString(i++, s.tenant());
    ps.setString(i++, s.dataset());
    ps.setString(i++, s.classification() == null ? null : s.classification().name());
    ps.setString(i++, s.kind().name());
    ps.setString(i++, s.status().name());
    ps.setObject(i++, timestamp(s.startedAt()));
    ps.setObject(i++, timestamp(s.finishedAt()));
    ps.setLong(i++, s.stats().totalBytes());
    ps.setLong(i++, s.stats().newBytes());
    ps.setLong(i++, s.stats().storedBytes());
    ps.setLong(i++, s.stats().entries());
    ps.setLong(i++, s.stats().files());
    if (s.contentDigest() == null) {
      ps.setNull(i++, Types.VARCHAR);
    } else {
      ps.setString(i++, s.contentDigest());
    }
    ps.setString(i++, new String(Json.write(s.tags()), StandardCharsets.UTF_8));
    ps.setString(i++, new String(Json.write(s.metadata()), StandardCharsets.UTF_8));
    ps.setObject(i, now);
  }

  private void createTableIfAbsent() {
    if (created) {
      return;
    }
    String q = Sql.qualified(schema, table);
    try (Connection c = connection.open(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(schema));
      st.execute("CREATE TABLE IF NOT EXISTS " + q + " (repository_id text NOT NULL, snapshot_id text NOT NULL,"
          + " parent_id text, target text NOT NULL, tenant text, dataset text, classification text,"
          + " kind text NOT NULL, status text NOT NULL, started_at timestamptz NOT NULL,"
          + " finished_at timestamptz NOT NULL, total_bytes bigint NOT NULL, new_bytes bigint NOT NULL,"
          + " stored_bytes bigint NOT NULL, entries bigint NOT NULL, files bigint NOT NULL, content_digest text,"
          + " tags jsonb NOT NULL, metadata jsonb NOT NULL, mirrored_at timestamptz NOT NULL,"
          + " forgotten_at timestamptz, PRIMARY KEY (repository_id, snapshot_id))");
      st.execute("CREATE INDEX IF NOT EXISTS " + Sql.ident(table + "_tenant_dataset") + " ON " + q
          + " (tenant, dataset, finished_at)");
      c.commit();
      created = true;
    } catch (SQLException e) {
      throw PgErrors.map("create the catalog mirror table " + schema + "." + table + " in " + connection.describe(), e);
    }
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "PostgresCatalogMirror[" + connection.describe() + " " + schema + "." + table + "]";
  }
}
