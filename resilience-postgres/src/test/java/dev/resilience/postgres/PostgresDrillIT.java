package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.testkit.InMemorySnapshot;
import dev.resilience.BackupEngine;
import dev.resilience.BackupKind;
import dev.resilience.Classification;
import dev.resilience.DatasetPolicy;
import dev.resilience.DrillPolicy;
import dev.resilience.DrillResult;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.Schedule;
import dev.resilience.Snapshot;
import dev.resilience.SnapshotStats;
import dev.resilience.SnapshotStatus;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.VerificationContext;
import dev.resilience.spi.VerificationResult;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresDrillIT {

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void aDrillRestoresIntoAFreshSandboxVerifiesItAndTearsItDown(String version) {
    PostgresConnection src = TestServers.freshDatabase(version);
    ShopSchema.create(src);
    ShopSchema.fill(src);
    PostgresBackupTarget target = PostgresBackupTarget.builder(src).sandboxBinaries(TestServers.binaries(version)).build();
    InMemorySnapshot snapshot = InMemorySnapshot.full();
    target.backup(snapshot.writer());
    assertThat(target.capabilities()).contains(Capability.SANDBOX, Capability.CONSISTENT_SNAPSHOT);

    PostgresVerifier verifier = PostgresVerifier.builder()
        .check("every order has a customer", "SELECT NOT EXISTS (SELECT 1 FROM shop.orders o"
            + " LEFT JOIN shop.customers c ON c.id = o.customer_id WHERE c.id IS NULL)")
        .check("server version", "SELECT current_setting('server_version_num')::int / 10000 = " + version)
        .build();
    PostgresConnection sandboxConnection;
    try (Sandbox sandbox = target.openSandbox().orElseThrow()) {
      BackupTarget restored = sandbox.target();
      assertThat(sandbox.describe()).doesNotContain(src.describe());
      restored.restore(snapshot.reader(2));
      sandboxConnection = ((PostgresBackupTarget) restored).connection();

      VerificationResult ok = verifier.verify(context(snapshot.reader(2), restored));
      assertThat(ok.passed()).as(ok.summary() + " " + ok.details()).isTrue();
      assertThat(ok.summary()).contains("4 tables", "7400 rows", "checksums equal", "2 checks passed");

      // a damaged restore is caught and the table named
      exec(sandboxConnection, "UPDATE shop.customers SET name = 'changed' WHERE id = 17");
      VerificationResult bad = verifier.verify(context(snapshot.reader(2), restored));
      assertThat(bad.passed()).isFalse();
      assertThat(bad.summary()).contains("shop.customers").doesNotContain("shop.orders");
      assertThat(bad.details().get("table.shop.customers")).startsWith("MISMATCH rows 2000/2000");
    }
    assertThatThrownBy(() -> {
      try (Connection c = sandboxConnection.open()) {
        c.isValid(1);
      }
    }).as("the sandbox server is gone").isInstanceOf(dev.resilience.StoreUnavailableException.class);
  }

  @Test
  void theEngineRunsADrillIntoAPostgresSandboxAndReportsItsRecoveryTime() {
    String version = "17";
    PostgresConnection src = TestServers.freshDatabase(version);
    ShopSchema.create(src);
    ShopSchema.fill(src);
    PostgresBackupTarget target = PostgresBackupTarget.builder(src).sandboxBinaries(TestServers.binaries(version)).build();
    DatasetPolicy policy = DatasetPolicy.builder("acme", "shop")
        .classification(Classification.FINANCIAL)
        .fullBackups(Schedule.cron("0 3 * * *"))
        .rpo(Duration.ofDays(1))
        .rto(Duration.ofHours(1))
        .drill(DrillPolicy.latest(Schedule.cron("0 4 * * 0")).withCheck(PostgresVerifier.builder()
            .check("invoices reference orders", "SELECT count(*) = 0 FROM shop.invoices i"
                + " LEFT JOIN shop.orders o ON o.id = i.order_id WHERE o.id IS NULL")
            .build()))
        .build();
    try (Repository repo = Repository.init(ObjectStores.inMemory(),
            KeyProviders.insecurePassphraseForTests("pw".toCharArray(), 1000), RepositoryOptions.defaults());
        BackupEngine engine = BackupEngine.builder(repo).register(policy, target).build()) {
      engine.backupNow("acme", "shop", true);
      DrillResult drill = engine.drill("acme", "shop");

      assertThat(drill.error()).isNull();
      assertThat(drill.passed()).as(drill.toString()).isTrue();
      assertThat(drill.sandbox()).startsWith("embedded PostgreSQL postgres://localhost:");
      assertThat(drill.verifications()).extracting(VerificationResult::verifier).contains("postgres-rows");
      assertThat(drill.verifications()).filteredOn(v -> v.verifier().equals("postgres-rows")).first()
          .satisfies(v -> assertThat(v.summary()).contains("7400 rows", "checksums equal", "1 checks passed"));
      assertThat(drill.recoveryTime()).isPositive();
      assertThat(drill.bytesRestored()).isPositive();
    }
  }

  private static VerificationContext context(SnapshotReader reader, BackupTarget restored) {
    Snapshot snap = new Snapshot("0123456789abcdef", null, "postgres://test", null, null, null, BackupKind.FULL,
        Instant.EPOCH, Instant.EPOCH, SnapshotStatus.COMPLETE, Map.of(), new SnapshotStats(0, 0, 0, 0, 0, 0, 0),
        null, reader.metadata());
    return new VerificationContext() {
      @Override
      public Snapshot snapshot() {
        return snap;
      }

      @Override
      public SnapshotReader reader() {
        return reader;
      }

      @Override
      public Optional<BackupTarget> restored() {
        return Optional.of(restored);
      }
    };
  }
}
