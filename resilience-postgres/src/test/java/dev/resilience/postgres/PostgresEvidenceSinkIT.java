package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.AccessDeniedException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresEvidenceSinkIT {

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void recordsComeBackInOrderAndNobodyCanRewriteThem(String version) {
    PostgresConnection admin = TestServers.freshDatabase(version);
    String app = "app_" + admin.database();
    exec(admin, "CREATE ROLE " + app + " LOGIN");
    PostgresEvidenceSink.install(admin, "audit", "evidence", app);
    PostgresConnection appConnection = admin.as(app, () -> null);
    PostgresEvidenceSink sink = PostgresEvidenceSink.of(appConnection, "audit", "evidence");

    List<String> records = List.of("{\"n\":1,\"prev\":null}", "{\"n\":2,\"prev\":\"ab\"}", "{\"n\":3,\"\u00e9\":\"\\\\\"}");
    records.forEach(sink::append);
    assertThat(sink.readAll()).containsExactlyElementsOf(records);

    // the application role may not rewrite or remove evidence
    for (String sql : new String[] {"UPDATE audit.evidence SET record = '{}'", "DELETE FROM audit.evidence",
        "TRUNCATE audit.evidence"}) {
      assertThatThrownBy(() -> exec(appConnection, sql)).hasMessageContaining("permission denied");
    }
    // nor may the owner, without first dropping the trigger (which a review would see)
    assertThatThrownBy(() -> exec(admin, "UPDATE audit.evidence SET record = '{}' WHERE seq = 2"))
        .hasMessageContaining("evidence is append-only: UPDATE");
    assertThatThrownBy(() -> exec(admin, "DELETE FROM audit.evidence")).hasMessageContaining("append-only: DELETE");
    assertThat(sink.readAll()).containsExactlyElementsOf(records);

    // a role without INSERT is told so
    String other = "other_" + admin.database();
    exec(admin, "CREATE ROLE " + other + " LOGIN");
    assertThatThrownBy(() -> PostgresEvidenceSink.of(admin.as(other, () -> null), "audit", "evidence").append("{}"))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("permission denied");
  }
}
