package dev.resilience.postgres;

import static dev.resilience.postgres.TestServers.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupRequest;
import dev.resilience.BackupTargets;
import dev.resilience.Classification;
import dev.resilience.InMemoryBackupTarget;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresCatalogMirrorIT {
  private static final String ROWS = "SELECT snapshot_id, parent_id, target, tenant, dataset, classification, kind,"
      + " status, total_bytes, new_bytes, stored_bytes, entries, files, content_digest, tags->>'trigger',"
      + " forgotten_at IS NOT NULL, mirrored_at FROM reports.fleet_snapshots WHERE repository_id = '%s'"
      + " ORDER BY finished_at, snapshot_id";

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"14", "17"})
  void rowsFollowTheCatalogAndForgottenSnapshotsAreMarked(String version) {
    PostgresConnection pg = TestServers.freshDatabase(version);
    PostgresCatalogMirror mirror = PostgresCatalogMirror.of(pg, "reports", "fleet_snapshots");
    try (Repository repo = Repository.init(ObjectStores.inMemory(),
        KeyProviders.insecurePassphraseForTests("mirror-pass".toCharArray(), 1000), RepositoryOptions.defaults())) {
      InMemoryBackupTarget target = BackupTargets.inMemory();
      BackupRequest request = BackupRequest.builder().tenant("acme").dataset("orders")
          .classification(Classification.FINANCIAL).tag("trigger", "scheduled").build();
      List<Snapshot> snapshots = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        target.putFile("file-" + i + ".txt", ("content of backup " + i + " ").repeat(100 * i).getBytes(StandardCharsets.UTF_8));
        snapshots.add(repo.backup(target, request));
      }
      assertThat(repo.snapshots()).hasSize(3);

      assertThat(mirror.sync(repo)).isEqualTo(new PostgresCatalogMirror.SyncResult(3, 0, 0));
      List<List<String>> rows = query(pg, String.format(ROWS, repo.id()));
      assertThat(rows).hasSize(3);
      for (int i = 0; i < 3; i++) {
        Snapshot s = snapshots.get(i);
        assertThat(rows.get(i).subList(0, 16)).containsExactly(s.id(), s.parentId(), s.target(), "acme", "orders",
            "FINANCIAL", s.kind().name(), s.status().name(), Long.toString(s.stats().totalBytes()),
            Long.toString(s.stats().newBytes()), Long.toString(s.stats().storedBytes()),
            Long.toString(s.stats().entries()), Long.toString(s.stats().files()), s.contentDigest(), "scheduled", "f");
      }
      assertThat(rows.get(2).get(8)).isNotEqualTo(rows.get(0).get(8)); // sizes grew: a real per-snapshot value

      // forget the middle snapshot: only its row changes
      repo.forget(snapshots.get(1).id());
      assertThat(mirror.sync(repo)).isEqualTo(new PostgresCatalogMirror.SyncResult(0, 0, 1));
      List<List<String>> after = query(pg, String.format(ROWS, repo.id()));
      assertThat(after).hasSize(3);
      assertThat(after.get(1).get(0)).isEqualTo(snapshots.get(1).id());
      assertThat(after.get(1).get(15)).isEqualTo("t");
      assertThat(after.get(0)).isEqualTo(rows.get(0));
      assertThat(after.get(2)).isEqualTo(rows.get(2));

      // nothing changed: nothing written
      assertThat(mirror.sync(repo)).isEqualTo(new PostgresCatalogMirror.SyncResult(0, 0, 0));
      assertThat(query(pg, String.format(ROWS, repo.id()))).isEqualTo(after);

      // a row edited behind the mirror's back is rewritten from the catalog
      TestServers.exec(pg, "UPDATE reports.fleet_snapshots SET tenant = 'edited' WHERE snapshot_id = '"
          + snapshots.get(0).id() + "'");
      assertThat(mirror.sync(repo)).isEqualTo(new PostgresCatalogMirror.SyncResult(0, 1, 0));
      assertThat(query(pg, String.format(ROWS, repo.id())).get(0).subList(0, 16)).isEqualTo(rows.get(0).subList(0, 16));

      // the fleet-wide report counts only live snapshots
      assertThat(query(pg, "SELECT tenant, dataset, count(*), max(finished_at) = (SELECT finished_at FROM"
          + " reports.fleet_snapshots WHERE snapshot_id = '" + snapshots.get(2).id() + "') FROM reports.fleet_snapshots"
          + " WHERE forgotten_at IS NULL GROUP BY tenant, dataset"))
          .containsExactly(List.of("acme", "orders", "2", "t"));
    }
  }
}
