package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.exec;
import static dev.resilience.postgres.TestServers.fingerprint;
import static dev.resilience.postgres.TestServers.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.testkit.InMemorySnapshot;
import dev.resilience.spi.Entry;
import dev.resilience.spi.RetentionSelection;
import java.io.InputStream;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

class PostgresRowRetentionIT {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void purgesExactlyTheExpiredRowsInBatchesAndArchivesThem(String version) throws Exception {
    PostgresConnection pg = TestServers.freshDatabase(version);
    // one row per hour over 100 days before NOW; rows exactly at the cutoff are kept
    exec(pg, "CREATE TABLE events (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL, body text)",
        "INSERT INTO events (created_at, body) SELECT timestamptz '2026-06-15 12:00:00+00' - i * interval '1 hour',"
            + " 'event ' || i FROM generate_series(0, 2399) i",
        "CREATE TABLE expected_purged AS SELECT * FROM events WHERE created_at < timestamptz '2026-05-16 12:00:00+00'",
        "CREATE TABLE expected_kept AS SELECT * FROM events WHERE created_at >= timestamptz '2026-05-16 12:00:00+00'");
    PostgresRowRetention retention = PostgresRowRetention.rows(pg, "public", "events", "created_at", Duration.ofDays(30));

    RetentionSelection selection = retention.select(NOW);
    assertThat(selection.cutoff()).isEqualTo(Instant.parse("2026-05-16T12:00:00Z"));
    assertThat(selection.count()).isEqualTo(2400 - 721).isEqualTo(Long.parseLong(one(pg, "SELECT count(*) FROM expected_purged")));
    assertThat(one(pg, "SELECT count(*) FROM events")).as("select changes nothing").isEqualTo("2400");

    InMemorySnapshot archive = InMemorySnapshot.full();
    retention.archive(selection, archive.writer());
    long purged = retention.purge(selection, 100);

    assertThat(purged).isEqualTo(selection.count());
    assertThat(fingerprint(pg, "events")).isEqualTo(fingerprint(pg, "expected_kept"));
    // the archive holds exactly the purged rows: load it back and compare
    exec(pg, "CREATE TABLE archived (LIKE events)");
    Entry entry = archive.entries().get(0);
    try (Connection c = pg.open(); InputStream in = new java.io.ByteArrayInputStream(archive.content(entry.path()))) {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY archived FROM STDIN (FORMAT binary)", in);
    }
    assertThat(fingerprint(pg, "archived")).isEqualTo(fingerprint(pg, "expected_purged"));
    // repeating is harmless
    assertThat(retention.purge(selection, 100)).isZero();
    assertThat(one(pg, "SELECT count(*) FROM events")).isEqualTo("721");
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void dropsOnlyPartitionsThatEndedBeforeTheCutoff(String version) {
    PostgresConnection pg = TestServers.freshDatabase(version);
    exec(pg, "CREATE TABLE metrics (at timestamptz NOT NULL, v int) PARTITION BY RANGE (at)",
        "CREATE TABLE metrics_2026_03 PARTITION OF metrics FOR VALUES FROM ('2026-03-01 00:00+00') TO ('2026-04-01 00:00+00')",
        "CREATE TABLE metrics_2026_04 PARTITION OF metrics FOR VALUES FROM ('2026-04-01 00:00+00') TO ('2026-05-01 00:00+00')",
        "CREATE TABLE metrics_2026_05 PARTITION OF metrics FOR VALUES FROM ('2026-05-01 00:00+00') TO ('2026-06-01 00:00+00')",
        "CREATE TABLE metrics_2026_06 PARTITION OF metrics FOR VALUES FROM ('2026-06-01 00:00+00') TO ('2026-07-01 00:00+00')",
        "INSERT INTO metrics SELECT timestamptz '2026-03-01 00:00+00' + i * interval '1 hour', i"
            + " FROM generate_series(0, 24 * 100) i");
    String kept = fingerprint(pg, "(SELECT * FROM metrics WHERE at >= '2026-05-01 00:00+00') ");
    // cutoff 2026-05-16: April ended before it, May did not
    PostgresRowRetention retention = PostgresRowRetention.partitions(pg, "public", "metrics", Duration.ofDays(30));

    RetentionSelection selection = retention.select(NOW);
    assertThat(selection.sample()).containsExactly("metrics_2026_03", "metrics_2026_04");
    assertThat(selection.count()).isEqualTo(24 * 61);
    InMemorySnapshot archive = InMemorySnapshot.full();
    retention.archive(selection, archive.writer());
    assertThat(archive.entries()).extracting(Entry::path).containsExactly("data/metrics_2026_03", "data/metrics_2026_04");

    assertThat(retention.purge(selection, 1000)).isEqualTo(24 * 61);
    assertThat(one(pg, "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE 'metrics_%'"))
        .isEqualTo("metrics_2026_05,metrics_2026_06");
    assertThat(fingerprint(pg, "metrics")).isEqualTo(kept);
  }
}
