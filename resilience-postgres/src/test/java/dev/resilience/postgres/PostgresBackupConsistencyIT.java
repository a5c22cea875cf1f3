package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static dev.resilience.postgres.TestServers.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.testkit.InMemorySnapshot;
import dev.resilience.AccessDeniedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresBackupConsistencyIT {

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void writesDuringABackupAppearInAllTablesOrInNone(String version) throws Exception {
    PostgresConnection pg = TestServers.freshDatabase(version);
    // each transfer inserts the same id into both ledgers in one transaction; ledger_a is big so that its COPY
    // runs long after ledger_b's has started on another connection
    exec(pg, "CREATE TABLE ledger_a (id bigint PRIMARY KEY, pad text)",
        "CREATE TABLE ledger_b (id bigint PRIMARY KEY)",
        "INSERT INTO ledger_a SELECT -i, repeat('x', 100) FROM generate_series(1, 100000) i");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong committed = new AtomicLong();
    Thread writer = new Thread(() -> {
      try (Connection c = pg.open();
          PreparedStatement a = c.prepareStatement("INSERT INTO ledger_a VALUES (?, 'w')");
          PreparedStatement b = c.prepareStatement("INSERT INTO ledger_b VALUES (?)")) {
        c.setAutoCommit(false);
        for (long id = 1; !stop.get(); id++) {
          a.setLong(1, id);
          a.executeUpdate();
          b.setLong(1, id);
          b.executeUpdate();
          c.commit();
          committed.set(id);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    while (committed.get() < 10) {
      Thread.onSpinWait();
    }
    InMemorySnapshot snapshot = InMemorySnapshot.full();
    long before = committed.get();
    PostgresBackupTarget.builder(pg).parallelism(2).build().backup(snapshot.writer());
    long after = committed.get();
    stop.set(true);
    writer.join();

    PostgresConnection restored = TestServers.freshDatabase(version);
    PostgresBackupTarget.builder(restored).build().restore(snapshot.reader(2));
    long inB = Long.parseLong(one(restored, "SELECT count(*) FROM ledger_b"));
    assertThat(after).as("the writer committed while the backup ran").isGreaterThan(before);
    assertThat(inB).isBetween(before, after);
    assertThat(one(restored, "SELECT count(*) FROM ledger_a WHERE id > 0")).isEqualTo(Long.toString(inB));
    assertThat(one(restored, "SELECT count(*) FROM ledger_a a FULL JOIN ledger_b b ON a.id = b.id"
        + " WHERE a.id > 0 AND b.id IS NULL OR a.id IS NULL")).isEqualTo("0");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void aRoleWithoutSelectOnATableIsToldWhichPrivilegeItLacks(String version) {
    PostgresConnection pg = TestServers.freshDatabase(version);
    ShopSchema.create(pg);
    String role = "backup_" + pg.database();
    exec(pg, "CREATE ROLE " + role + " LOGIN", "GRANT USAGE ON SCHEMA shop TO " + role,
        "GRANT SELECT ON shop.customers, shop.orders, public.audit TO " + role,
        "GRANT SELECT ON ALL SEQUENCES IN SCHEMA shop, public TO " + role);
    PostgresConnection limited = pg.as(role, () -> null);

    assertThatThrownBy(() -> PostgresBackupTarget.builder(limited).build().backup(InMemorySnapshot.full().writer()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("role " + role + " lacks SELECT on table shop.invoices")
        .hasMessageNotContaining("shop.customers");

    // with the table excluded, the same role can back up the rest
    InMemorySnapshot snapshot = InMemorySnapshot.full();
    PostgresBackupTarget.builder(limited).excludeTables("shop\\.invoices").build().backup(snapshot.writer());
    assertThat(snapshot.entries()).extracting(e -> e.path())
        .contains("data/shop/customers", "data/shop/orders", "data/public/audit")
        .doesNotContain("data/shop/invoices");
  }
}
