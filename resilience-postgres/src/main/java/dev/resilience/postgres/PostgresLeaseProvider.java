package dev.resilience.postgres;

import dev.resilience.spi.AbstractLease;
import dev.resilience.spi.Lease;
import dev.resilience.spi.LeaseProvider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases in a PostgreSQL table, for engines that share a repository and a database: give each engine
 * {@code BackupEngine.builder(repo).leases(PostgresLeaseProvider.of(connection, owner))} with its own owner.
 *
 * <p>The table (default {@code resilience.leases}, created on first use) has one row per lease name: owner,
 * token ({@code bigint}) and expires_at ({@code timestamptz}). Acquiring is one atomic
 * {@code INSERT … ON CONFLICT (name) DO UPDATE … WHERE expires_at <= now RETURNING token}: a new name starts
 * at token 1, and every takeover of an expired or released lease adds one, so tokens per name only grow
 * (rows are never deleted; releasing sets expires_at to {@code -infinity}). Renewing and releasing touch the
 * row only where owner and token still match, so a holder that lost its lease changes nothing. A lease still
 * held is not handed out again before it expires, not even to its own owner.
 *
 * <p><b>Time.</b> "now" comes from the provider's {@link Clock} (the engine's clock), not from the database:
 * the hosts running engines must agree on the time to well within the lease TTL, as for the object-store
 * leases. The database only orders the writes.
 *
 * <p>Thread-safe; each call is one short statement on a fresh connection.
 */
public final class PostgresLeaseProvider implements LeaseProvider {
  private final PostgresConnection connection;
  private final String owner;
  private final String schema;
  private final String table;
  private final String qualified;
  private final Clock clock;
  private volatile boolean created;

  private PostgresLeaseProvider(PostgresConnection connection, String owner, String schema, String table, Clock clock) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.owner = Objects.requireNonNull(owner, "owner");
    if (owner.isBlank()) {
      throw new IllegalArgumentException("owner must not be blank");
    }
    this.schema = Sql.requireName(schema, "schema");
    this.table = Sql.requireName(table, "table");
    this.qualified = Sql.qualified(schema, table);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Leases in {@code resilience.leases} as {@code owner}, on the system clock. */
  public static PostgresLeaseProvider of(PostgresConnection connection, String owner) {
    return of(connection, owner, "resilience", "leases", Clock.systemUTC());
  }

  /** Leases in {@code schema.table} as {@code owner}, expiring by {@code clock}. */
  public static PostgresLeaseProvider of(PostgresConnection connection, String owner, String schema, String table,
      Clock clock) {
    return new PostgresLeaseProvider(connection, owner, schema, table, clock);
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public Optional<Lease> tryAcquire(String name, Duration ttl) {
    Objects.requireNonNull(name, "name");
    requirePositive(ttl);
    createTableIfAbsent();
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    String sql = "INSERT INTO " + qualified + " AS l (name, owner, token, expires_at) VALUES (?, ?, 1, ?)"
        + " ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, token = l.token + 1, expires_at = EXCLUDED.expires_at"
        + " WHERE l.expires_at <= ? RETURNING token";
    try (Connection c = connection.open(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      ps.setString(2, owner);
      ps.setObject(3, timestamp(expires));
      ps.setObject(4, timestamp(now));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new RowLease(name, rs.getLong(1), expires)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw PgErrors.map("acquire lease " + name + " in " + schema + "." + table, e);
    }
  }

  private static void requirePositive(Duration ttl) {
    if (Objects.requireNonNull(ttl, "ttl").isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
  }

  /**
   * Runs {@code UPDATE … SET <set> WHERE name, owner and token match <extra>}; {@code params[0]} binds in
   * {@code set}, the rest in {@code extra}. True if the row changed.
   */
  private boolean updateOwnRow(String what, RowLease lease, String set, String extra, Instant... params) {
    String sql = "UPDATE " + qualified + " SET " + set + " WHERE name = ? AND owner = ? AND token = ?" + extra;
    try (Connection c = connection.open(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (params.length > 0) {
        ps.setObject(i++, timestamp(params[0]));
      }
      ps.setString(i++, lease.name());
      ps.setString(i++, owner);
      ps.setLong(i++, lease.token());
      for (int p = 1; p < params.length; p++) {
        ps.setObject(i++, timestamp(params[p]));
      }
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw PgErrors.map(what + " lease " + lease.name() + " in " + schema + "." + table, e);
    }
  }

  private boolean stillHeld(RowLease lease, Instant now) {
    String sql = "SELECT 1 FROM " + qualified + " WHERE name = ? AND owner = ? AND token = ? AND expires_at > ?";
    try (Connection c = connection.open(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, lease.name());
      ps.setString(2, owner);
      ps.setLong(3, lease.token());
      ps.setObject(4, timestamp(now));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw PgErrors.map("check lease " + lease.name() + " in " + schema + "." + table, e);
    }
  }

  private void createTableIfAbsent() {
    if (created) {
      return;
    }
    try (Connection c = connection.open(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(schema));
      st.execute("CREATE TABLE IF NOT EXISTS " + qualified + " (name text PRIMARY KEY, owner text NOT NULL,"
          + " token bigint NOT NULL, expires_at timestamptz NOT NULL)");
      c.commit();
      created = true;
    } catch (SQLException e) {
      throw PgErrors.map("create the lease table " + schema + "." + table + " in " + connection.describe(), e);
    }
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "PostgresLeaseProvider[" + connection.describe() + " " + schema + "." + table + " as " + owner + "]";
  }

  /** A lease held as one row of the table; valid while the row still carries this owner and token. */
  private final class RowLease extends AbstractLease {
    RowLease(String name, long token, Instant expiresAt) {
      super(name, token, expiresAt);
    }

    @Override
    public boolean isValid() {
      Instant now = clock.instant();
      return !released() && expiresAt().isAfter(now) && stillHeld(this, now);
    }

    @Override
    public boolean renew(Duration ttl) {
      requirePositive(ttl);
      if (released()) {
        return false;
      }
      Instant now = clock.instant();
      Instant next = now.plus(ttl);
      if (!updateOwnRow("renew", this, "expires_at = ?", " AND expires_at > ?", next, now)) {
        return false;
      }
      expiresAt(next);
      return true;
    }

    @Override
    public void release() {
      if (markReleased()) {
        updateOwnRow("release", this, "expires_at = '-infinity'", "");
      }
    }
  }
}
