package dev.resilience.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.ConfigurationException;
import dev.resilience.Providers;
import dev.resilience.spi.BackupTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresBackupTargetProviderTest {

  @Test
  void isFoundByNameAndNamesTheDatabaseWithoutCredentials() {
    BackupTarget target = Providers.defaults().backupTarget("postgres",
        Map.of("url", "jdbc:postgresql://db.internal:5433/billing?password=secret&ssl=true", "user", "backup",
            "includeSchemas", "public, app_.*", "format", "text"));
    assertThat(target).isInstanceOf(PostgresBackupTarget.class);
    assertThat(target.name()).isEqualTo("postgres://db.internal:5433/billing");
    assertThat(target.toString()).doesNotContain("secret");
  }

  @Test
  void rejectsUnknownKeysAndMissingOnes() {
    assertThatThrownBy(() -> new PostgresBackupTargetProvider().create(Map.of("url", "jdbc:postgresql://h/db",
        "user", "u", "pasword", "x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'pasword'").hasMessageContaining("passwordEnv");
    assertThatThrownBy(() -> new PostgresBackupTargetProvider().create(Map.of("url", "jdbc:postgresql://h/db")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'user' is required");
  }

  @Test
  void theEvidenceSinkIsFoundByNameToo() {
    assertThat(Providers.defaults().evidenceSink("postgres", Map.of("url", "jdbc:postgresql://h/db", "user", "app",
        "table", "audit.evidence"))).isInstanceOf(PostgresEvidenceSink.class).hasToString(
            "PostgresEvidenceSink[postgres://h/db audit.evidence]");
  }

  @Test
  void connectionsSwitchDatabaseAndHideTheirPassword() {
    PostgresConnection c = PostgresConnection.of("jdbc:postgresql://h:1/a?ssl=true", "u", "pw".toCharArray());
    assertThat(c.withDatabase("b").describe()).isEqualTo("postgres://h:1/b");
    assertThat(c.withDatabase("b").jdbcUrl()).isEqualTo("jdbc:postgresql://h:1/b?ssl=true");
    assertThat(c.toString()).doesNotContain("pw");
    assertThatThrownBy(() -> PostgresConnection.of("jdbc:mysql://h/a", "u", new char[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void walSegmentNamesFollowPostgres() {
    long seg = 16L << 20;
    assertThat(PostgresWalStreamer.segmentName(1, 0x3000130L, seg)).isEqualTo("000000010000000000000003");
    assertThat(PostgresWalStreamer.segmentName(2, 0x1_0000_0000L + 5 * seg, seg)).isEqualTo("000000020000000100000005");
  }
}
