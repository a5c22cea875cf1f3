package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupKind;
import dev.resilience.BackupRequest;
import dev.resilience.CheckReport;
import dev.resilience.CheckRequest;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository written by an earlier version of this library stays readable and usable as a parent.
 * {@code fixtures/repository-json-trees} was written by 0.1.0-SNAPSHOT at d9524f8 (trees as JSON lines,
 * before the binary tree format): {@link #fixtureSource()} with {@link RepoFixtures#key()} and
 * {@link RepoFixtures#options()} on a file-system store.
 */
class RepositoryFormatCompatibilityTest {
  @TempDir Path dir;

  /** The content the fixture's one snapshot holds. */
  private static MapTarget fixtureSource() {
    Random r = new Random(41);
    MapTarget t = new MapTarget("map:fixture");
    t.put("empty.bin", new byte[0]);
    t.put("a.txt", text(r, 3000));
    t.put("dir/b.bin", random(r, 20_000));
    t.put("dir-only", null);
    t.put("données/日本語.txt", text(r, 500));
    for (int i = 0; i < 8; i++) {
      t.put("small/f" + i, text(r, 100 + i * 50));
    }
    return t;
  }

  private Path fixture() throws IOException, URISyntaxException {
    Path from = Path.of(getClass().getResource("/fixtures/repository-json-trees/config").toURI()).getParent();
    Path to = dir.resolve("repo");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
    return to;
  }

  @Test
  void aSnapshotWithJsonTreesRestoresChecksAndIsTheParentOfABinaryTreeBackup() throws Exception {
    MapTarget source = fixtureSource();
    try (Repository repo = Repository.open(ObjectStores.filesystem(fixture()), key(), options())) {
      List<Snapshot> snapshots = repo.snapshots();
      assertThat(snapshots).hasSize(1);
      Snapshot old = snapshots.get(0);
      assertSameFiles(restore(repo, old.id(), RestoreRequest.all()), source.files);

      source.put("a.txt", "changed\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      source.put("new/file.txt", text(new Random(5), 4000));
      Snapshot next = repo.backup(source, BackupRequest.defaults());
      assertThat(next.kind()).isEqualTo(BackupKind.INCREMENTAL);
      assertThat(next.parentId()).isEqualTo(old.id());
      assertThat(next.stats().reusedChunks()).as("unchanged files found through the old tree").isPositive();

      assertSameFiles(restore(repo, next.id(), RestoreRequest.all()), source.files);
      assertSameFiles(restore(repo, old.id(), RestoreRequest.all()), fixtureSource().files);
      CheckReport report = repo.check(CheckRequest.readAllData());
      assertThat(report.problems()).isEmpty();
      assertThat(report.snapshotsChecked()).isEqualTo(2);
    }
  }
}
