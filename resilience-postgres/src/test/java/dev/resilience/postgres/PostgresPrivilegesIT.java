package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.testkit.InMemorySnapshot;
import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.ObjectStores;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresPrivilegesIT {

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void aRoleWithoutBackupFunctionsOrReplicationIsToldWhatItLacks(String version) {
    PostgresConnection admin = TestServers.freshDatabase(version);
    String role = "plain_" + admin.database();
    exec(admin, "CREATE ROLE " + role + " LOGIN");
    PostgresConnection plain = admin.as(role, () -> null);
    String start = version.equals("14") ? "pg_start_backup(text,boolean,boolean)" : "pg_backup_start(text,boolean)";

    assertThatThrownBy(() -> PostgresPhysicalBackupTarget.builder(plain).build().backup(InMemorySnapshot.full().writer()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("role " + role + " lacks EXECUTE on function " + start)
        .hasMessageContaining("EXECUTE on function pg_read_binary_file(text,bigint,bigint,boolean)")
        .hasMessageContaining("pg_read_server_files");

    PostgresWalStreamer streamer = PostgresWalStreamer.create(plain,
        new PostgresWalArchive(ObjectStores.inMemory(), "wal"), "never_created");
    assertThatThrownBy(streamer::start)
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("REPLICATION");

    // granted what it lacked, the same role gets past the check (and only the backup functions remain)
    exec(admin, "GRANT EXECUTE ON FUNCTION pg_ls_dir(text,boolean,boolean), pg_stat_file(text,boolean),"
        + " pg_read_binary_file(text,bigint,bigint,boolean) TO " + role);
    assertThatThrownBy(() -> PostgresPhysicalBackupTarget.builder(plain).build().backup(InMemorySnapshot.full().writer()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining(start)
        .hasMessageNotContaining("pg_read_binary_file(");
  }

  @Test
  void aServerWithMinimalWalLevelIsRejectedNamingTheSetting() {
    try (EmbeddedServer server = EmbeddedServer.start(TestServers.binaries("17"),
        Map.of("wal_level", "minimal", "max_wal_senders", "0"), null)) {
      assertThatThrownBy(() -> PostgresPhysicalBackupTarget.builder(server.connection("postgres")).build()
          .backup(InMemorySnapshot.full().writer()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("wal_level is minimal")
          .hasMessageContaining("replica");
    }
  }
}
