package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.key;
import static dev.resilience.internal.repo.RepoFixtures.random;
import static dev.resilience.internal.repo.RepoFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupRequest;
import dev.resilience.IntegrityException;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import dev.resilience.spi.StoreFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link SnapshotReader#prefetch}: the chunks of small files that lie together in their packs are read with
 * one ranged read per stretch, every byte still comes out right, and a damaged or missing pack is reported
 * for the files that need it when they are opened, as without the hint.
 */
class BlobBatchTest {
  /** One-chunk files (all below the minimum chunk size), a few packs of them. */
  private static final RepositoryOptions OPTIONS = RepositoryOptions.builder()
      .chunkSizes(16 * 1024, 64 * 1024, 256 * 1024).packSize(256 * 1024).parallelism(2).build();
  private static final int FILES = 300;
  private static final int GROUP = 50;

  private final AtomicInteger dataReads = new AtomicInteger();
  /** A local store (so no pack windows) that counts the ranged reads of data packs. */
  private final MapObjectStore store = new MapObjectStore() {
    @Override
    public Set<StoreFeature> features() {
      return Set.of(StoreFeature.LOCAL);
    }

    @Override
    public void read(String key, long offset, byte[] dst, int dstOffset, int length) {
      if (key.startsWith("data/")) {
        dataReads.incrementAndGet();
      }
      super.read(key, offset, dst, dstOffset, length);
    }
  };
  private final MapTarget source = new MapTarget("map:small");

  BlobBatchTest() {
    Random r = new Random(17);
    for (int i = 0; i < FILES; i++) {
      source.put(String.format("small/f%03d", i), i % 2 == 0 ? random(r, 1 + r.nextInt(8_000)) : text(r, 1 + r.nextInt(8_000)));
    }
  }

  /** Restores file by file, announcing each group of {@link #GROUP} files first if {@code prefetch}; keeps failures. */
  private static final class GroupTarget implements BackupTarget {
    final boolean prefetch;
    final Map<String, byte[]> files = new TreeMap<>();
    final Map<String, Exception> failures = new TreeMap<>();

    GroupTarget(boolean prefetch) {
      this.prefetch = prefetch;
    }

    @Override
    public String name() {
      return "map:groups";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.FULL);
    }

    @Override
    public void backup(SnapshotWriter writer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void restore(SnapshotReader reader) {
      List<Entry> all = reader.entries().stream().filter(e -> e.type() == EntryType.FILE).toList();
      for (int from = 0; from < all.size(); from += GROUP) {
        List<Entry> group = all.subList(from, Math.min(all.size(), from + GROUP));
        if (prefetch) {
          reader.prefetch(group);
        }
        for (Entry e : group) {
          try (InputStream in = reader.open(e)) {
            files.put(e.path(), in.readAllBytes());
          } catch (IOException | RuntimeException ex) {
            failures.put(e.path(), ex);
          }
        }
      }
    }
  }

  private GroupTarget restore(Repository repo, Snapshot s, boolean prefetch) {
    GroupTarget out = new GroupTarget(prefetch);
    dataReads.set(0);
    repo.restore(s.id(), out, RestoreRequest.all());
    return out;
  }

  @Test
  void smallFilesAnnouncedTogetherAreReadInStretchesAndRestoreTheSameBytes() {
    try (Repository repo = Repository.init(store, key(), OPTIONS)) {
      Snapshot s = repo.backup(source, BackupRequest.defaults());
      assertThat(RepoFixtures.keys(store, "data/")).as("several packs").hasSizeGreaterThan(2);

      GroupTarget plain = restore(repo, s, false);
      assertThat(plain.failures).isEmpty();
      assertSame(plain.files);
      assertThat(dataReads.get()).as("one read per file without the hint").isEqualTo(FILES);

      GroupTarget batched = restore(repo, s, true);
      assertThat(batched.failures).isEmpty();
      assertSame(batched.files);
      // Six groups, each in one or two packs: a read per stretch, plus the odd blob alone at a pack's edge.
      assertThat(dataReads.get()).as("reads with the hint").isBetween(FILES / GROUP, 4 * FILES / GROUP);
    }
  }

  @Test
  void aDamagedBlobInAStretchFailsOnlyItsOwnFile() {
    try (Repository repo = Repository.init(store, key(), OPTIONS)) {
      Snapshot s = repo.backup(source, BackupRequest.defaults());
      String pack = RepoFixtures.keys(store, "data/").get(1);
      byte[] bytes = store.get(pack);
      int toc = ((bytes[bytes.length - 4] & 0xff) << 24) | ((bytes[bytes.length - 3] & 0xff) << 16)
          | ((bytes[bytes.length - 2] & 0xff) << 8) | (bytes[bytes.length - 1] & 0xff);
      store.flip(pack, (bytes.length - toc - 4) / 2); // inside one of the blobs, not the table of contents

      GroupTarget batched = restore(repo, s, true);
      assertThat(batched.failures).hasSize(1);
      assertThat(batched.failures.values()).allSatisfy(e -> assertThat(e).isInstanceOf(IntegrityException.class));
      Map<String, byte[]> expected = withoutDirectories();
      expected.keySet().removeAll(batched.failures.keySet());
      assertThat(batched.files).hasSize(FILES - 1);
      batched.files.forEach((path, content) -> assertThat(content).as(path).isEqualTo(expected.get(path)));
    }
  }

  @Test
  void aMissingPackIsReportedForEachFileThatNeedsItAndTheOthersRestore() {
    try (Repository repo = Repository.init(store, key(), OPTIONS)) {
      Snapshot s = repo.backup(source, BackupRequest.defaults());
      GroupTarget before = restore(repo, s, true);
      String pack = RepoFixtures.keys(store, "data/").get(0);
      store.delete(pack);

      GroupTarget batched = restore(repo, s, true);
      assertThat(batched.failures).isNotEmpty();
      assertThat(batched.failures.values()).allSatisfy(e -> assertThat(e)
          .isInstanceOf(IntegrityException.class).hasMessageContaining(pack).hasMessageContaining("pack is missing"));
      assertThat(batched.files.size() + batched.failures.size()).isEqualTo(FILES);
      batched.files.forEach((path, content) -> assertThat(content).as(path).isEqualTo(before.files.get(path)));
      assertSame(before.files);
    }
  }

  private Map<String, byte[]> withoutDirectories() {
    Map<String, byte[]> m = new TreeMap<>();
    source.files.forEach((path, content) -> {
      if (content != null) {
        m.put(path, content);
      }
    });
    return m;
  }

  private void assertSame(Map<String, byte[]> restored) {
    Map<String, byte[]> expected = withoutDirectories();
    assertThat(restored.keySet()).containsExactlyElementsOf(expected.keySet());
    List<String> differing = new ArrayList<>();
    expected.forEach((path, content) -> {
      if (!java.util.Arrays.equals(content, restored.get(path))) {
        differing.add(path);
      }
    });
    assertThat(differing).isEmpty();
  }
}
