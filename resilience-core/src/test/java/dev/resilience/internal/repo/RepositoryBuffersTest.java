package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.assertSameFiles;
import static dev.resilience.internal.repo.RepoFixtures.generatedTree;
import static dev.resilience.internal.repo.RepoFixtures.init;
import static dev.resilience.internal.repo.RepoFixtures.restore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupRequest;
import dev.resilience.CheckRequest;
import dev.resilience.PruneRequest;
import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * A repository held open by a long-running service (a {@code BackupEngine}'s) keeps no reusable arrays
 * between its operations: the buffer pool and the pack buffers are emptied when the last operation ends.
 */
class RepositoryBuffersTest {

  @Test
  void noArraysAreKeptAfterABackupARestoreACheckOrAPrune() {
    MapTarget source = generatedTree("map:buffers", 3);
    try (Repository repo = init(new MapObjectStore())) {
      RepoContext ctx = ((DefaultRepository) repo).context();
      Snapshot first = repo.backup(source, BackupRequest.defaults());
      assertNothingKept(ctx);

      source.put("small/new", new byte[] {1, 2, 3});
      repo.backup(source, BackupRequest.defaults());
      assertNothingKept(ctx);

      assertSameFiles(restore(repo, first.id(), RestoreRequest.all()), withoutNew(source));
      assertNothingKept(ctx);

      assertThat(repo.check(CheckRequest.readAllData()).ok()).isTrue();
      assertNothingKept(ctx);

      repo.forget(first.id());
      repo.prune(PruneRequest.defaults());
      assertNothingKept(ctx);
    }
  }

  @Test
  void arraysAreDroppedOnlyWhenTheLastOfConcurrentOperationsEnds() {
    try (Repository repo = init(new MapObjectStore())) {
      RepoContext ctx = ((DefaultRepository) repo).context();
      RepoContext.Operation backup = ctx.operation();
      RepoContext.Operation restore = ctx.operation();
      ctx.buffers().give(ctx.buffers().take(1 << 20));
      ctx.packBuffers().offer(new byte[1024]);

      restore.close();
      assertThat(ctx.buffers().retainedBytes()).as("another operation still runs").isGreaterThanOrEqualTo(1 << 20);
      assertThat(ctx.packBuffers()).hasSize(1);

      backup.close();
      backup.close(); // closing twice counts once
      assertNothingKept(ctx);
    }
  }

  private static void assertNothingKept(RepoContext ctx) {
    assertThat(ctx.buffers().retainedBytes()).as("bytes kept by the buffer pool").isZero();
    assertThat(ctx.packBuffers()).as("pack buffers kept").isEmpty();
  }

  private static java.util.Map<String, byte[]> withoutNew(MapTarget source) {
    java.util.Map<String, byte[]> m = new java.util.TreeMap<>(source.files);
    m.remove("small/new");
    return m;
  }
}
