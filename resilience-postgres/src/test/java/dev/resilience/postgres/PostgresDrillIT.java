package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.BackupKind;
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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
    MemorySnapshot snapshot = new MemorySnapshot();
    target.backup(snapshot);
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
      restored.restore(snapshot);
      sandboxConnection = ((PostgresBackupTarget) restored).connection();

      VerificationResult ok = verifier.verify(context(snapshot, restored));
      assertThat(ok.passed()).as(ok.summary() + " " + ok.details()).isTrue();
      assertThat(ok.summary()).contains("4 tables", "7400 rows", "checksums equal", "2 checks passed");

      // a damaged restore is caught and the table named
      exec(sandboxConnection, "UPDATE shop.customers SET name = 'changed' WHERE id = 17");
      VerificationResult bad = verifier.verify(context(snapshot, restored));
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
