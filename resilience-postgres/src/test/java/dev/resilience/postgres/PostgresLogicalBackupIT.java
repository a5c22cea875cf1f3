package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static dev.resilience.postgres.TestServers.fingerprint;
import static dev.resilience.postgres.TestServers.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.testkit.InMemorySnapshot;
import dev.resilience.BackupRequest;
import dev.resilience.ConfigurationException;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresLogicalBackupIT {

  private static Map<String, String> fingerprints(PostgresConnection pg, String... renamedFrom) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String t : ShopSchema.TABLES) {
      String actual = t;
      if (renamedFrom.length == 2 && t.startsWith(renamedFrom[0] + ".")) {
        actual = renamedFrom[1] + t.substring(renamedFrom[0].length());
      }
      out.put(t, fingerprint(pg, actual));
    }
    return out;
  }

  private static PostgresConnection source(String version) {
    PostgresConnection pg = TestServers.freshDatabase(version);
    ShopSchema.create(pg);
    ShopSchema.fill(pg);
    return pg;
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void roundTripThroughARepositoryIntoAnotherDatabaseKeepsRowsSequencesConstraintsAndViews(String version) {
    PostgresConnection src = source(version);
    PostgresRestoreReport report;
    PostgresConnection dst = TestServers.freshDatabase(version);
    try (Repository repo = Repository.init(ObjectStores.inMemory(),
        KeyProviders.insecurePassphraseForTests("pw".toCharArray(), 1000), RepositoryOptions.defaults())) {
      PostgresBackupTarget target = PostgresBackupTarget.builder(src).parallelism(3).build();
      Snapshot snapshot = repo.backup(target, BackupRequest.defaults());
      assertThat(snapshot.target()).isEqualTo(src.describe());
      assertThat(snapshot.metadata().get("postgres.notCaptured")).contains("function shop.touch()");
      report = PostgresBackupTarget.builder(dst).build().restoreWithReport(repo.read(snapshot.id(), RestoreRequest.all()));
    }

    assertThat(fingerprints(dst)).isEqualTo(fingerprints(src));
    assertThat(report.rows()).isEqualTo(2000 + 5000 + 300 + 100);
    assertThat(report.tables()).containsExactlyInAnyOrder("shop.customers", "shop.orders", "shop.invoices", "public.audit");
    assertThat(report.notCaptured()).contains("function shop.touch()", "trigger orders_touch on shop.orders");
    assertThat(report.warnings()).isEmpty();
    assertThat(one(dst, "SELECT n FROM shop.big_order_count")).isEqualTo(one(src, "SELECT n FROM shop.big_order_count"));

    // sequences continue where the source left off (serial, identity, free-standing with increment)
    assertThat(one(dst, "INSERT INTO shop.customers (email) VALUES ('new@example.com') RETURNING id")).isEqualTo("2001");
    assertThat(one(dst, "INSERT INTO shop.orders (customer_id, amount) VALUES (1, 5) RETURNING id")).isEqualTo("5001");
    assertThat(one(dst, "INSERT INTO shop.invoices (order_id) VALUES (5001) RETURNING no"))
        .isEqualTo(one(src, "SELECT nextval('shop.invoice_no')"));
    assertThat(one(dst, "SELECT with_tax FROM shop.orders WHERE id = 5001")).isEqualTo("6.000");

    // constraints are enforced
    assertThat(sqlState(() -> exec(dst, "INSERT INTO shop.orders (customer_id, amount) VALUES (999999, 1)")))
        .isEqualTo("23503");
    assertThat(sqlState(() -> exec(dst, "INSERT INTO shop.customers (email) VALUES ('c1@example.com')")))
        .isEqualTo("23505");
    assertThat(sqlState(() -> exec(dst, "INSERT INTO shop.customers (email) VALUES ('no-at-sign')"))).isEqualTo("23514");
    assertThat(sqlState(() -> exec(dst, "INSERT INTO shop.orders (customer_id, amount) VALUES (1, -1)")))
        .isEqualTo("23514");
    assertThat(one(dst, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'shop' AND indexname IN"
        + " ('orders_customer_idx', 'orders_note_idx')")).isEqualTo("2");
    // ON DELETE CASCADE came along
    exec(dst, "DELETE FROM shop.invoices WHERE order_id IN (SELECT id FROM shop.orders WHERE customer_id = 2)",
        "DELETE FROM shop.customers WHERE id = 2");
    assertThat(one(dst, "SELECT count(*) FROM shop.orders WHERE customer_id = 2")).isEqualTo("0");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void restoreIntoRenamedSchemaOfTheSameDatabaseLeavesTheOriginalAlone(String version) {
    PostgresConnection src = source(version);
    InMemorySnapshot snapshot = InMemorySnapshot.full();
    PostgresBackupTarget.builder(src).includeSchemas("shop").textFormat().build().backup(snapshot.writer());
    String before = one(src, "SELECT last_value FROM shop.invoice_no");

    PostgresBackupTarget.builder(src).restoreSchemaAs("shop", "shop_copy").build().restore(snapshot.reader(2));

    for (String t : new String[] {"customers", "orders", "invoices"}) {
      assertThat(fingerprint(src, "shop_copy." + t)).isEqualTo(fingerprint(src, "shop." + t));
    }
    assertThat(snapshot.entries()).noneMatch(e -> e.path().startsWith("data/public"));
    // defaults and foreign keys point into the copy, not at the original schema
    exec(src, "INSERT INTO shop_copy.invoices (order_id) VALUES (400)");
    assertThat(one(src, "SELECT last_value FROM shop.invoice_no")).isEqualTo(before);
    exec(src, "DELETE FROM shop_copy.invoices", "DELETE FROM shop_copy.customers");
    assertThat(one(src, "SELECT count(*) FROM shop_copy.orders")).isEqualTo("0");
    assertThat(one(src, "SELECT count(*) FROM shop.orders")).isEqualTo("5000");
    assertThat(one(src, "SELECT n FROM shop_copy.big_order_count")).isEqualTo("0");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"17"})
  void restoreIntoTheOriginalDatabaseReplacesDamagedTablesOrRefusesWithoutPermission(String version) {
    PostgresConnection src = source(version);
    Map<String, String> original = fingerprints(src);
    InMemorySnapshot snapshot = InMemorySnapshot.full();
    PostgresBackupTarget.builder(src).build().backup(snapshot.writer());
    exec(src, "DELETE FROM shop.invoices", "UPDATE shop.customers SET name = 'oops'", "DROP TABLE public.audit");

    assertThatThrownBy(() -> PostgresBackupTarget.builder(src).build().restore(snapshot.reader(2)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("already exists")
        .hasMessageContaining("\"shop\".\"customers\"");

    PostgresBackupTarget.builder(src).replaceExisting().build().restore(snapshot.reader(2));
    assertThat(fingerprints(src)).isEqualTo(original);
  }

  private static String sqlState(Runnable r) {
    try {
      r.run();
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof SQLException s) {
        return s.getSQLState();
      }
      throw e;
    }
    return "no error";
  }
}
