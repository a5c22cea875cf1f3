package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.AccessDeniedException;
import dev.resilience.BackupKind;
import dev.resilience.BackupRequest;
import dev.resilience.CheckReport;
import dev.resilience.CheckRequest;
import dev.resilience.Classification;
import dev.resilience.ConfigurationException;
import dev.resilience.PolicyViolationException;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.spi.ObjectStore;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.event.ProgressEvent;
import dev.resilience.internal.chunk.FastCdcChunker;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RepositoryRoundTripTest {
  private final ObjectStore store = ObjectStores.inMemory();

  @Test
  void generatedTreeRestoresByteForByteWithCatalogMetadata() {
    MapTarget source = generatedTree("map:source", 1);
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(source, BackupRequest.builder().tenant("acme").dataset("files")
          .classification(Classification.PII).tag("kind", "test").progress(events::add).build());
      assertThat(s.target()).isEqualTo("map:source");
      assertThat(s.tenant()).isEqualTo("acme");
      assertThat(s.classification()).isEqualTo(Classification.PII);
      assertThat(s.kind()).isEqualTo(BackupKind.FULL);
      assertThat(s.stats().entries()).isEqualTo(source.files.size());
      assertThat(s.stats().totalBytes()).isEqualTo(source.files.values().stream().filter(v -> v != null).mapToLong(v -> v.length).sum());
      assertThat(s.contentDigest()).hasSize(64);
      assertThat(events).extracting(ProgressEvent::phase).contains("done");

      Map<String, byte[]> restored = restore(repo, s.shortId(), RestoreRequest.all());
      assertSameFiles(restored, source.files);

      CheckReport report = repo.check(CheckRequest.readAllData());
      assertThat(report.problems()).isEmpty();
      assertThat(report.blobsRead()).isGreaterThan(100);
    }
    try (Repository again = Repository.open(store, key(), options())) {
      assertThat(again.snapshots()).hasSize(1);
      Snapshot s = again.snapshots().get(0);
      assertThat(s.tags()).containsEntry("kind", "test");
      assertSameFiles(restore(again, s.id(), RestoreRequest.all()), source.files);
    }
  }

  @Test
  void restoresSelectedPathsOnly() {
    MapTarget source = generatedTree("map:source", 2);
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(source, BackupRequest.defaults());
      Map<String, byte[]> restored = restore(repo, s.id(), RestoreRequest.builder().path("big").path("empty.bin").build());
      assertThat(restored.keySet()).containsExactlyInAnyOrder("big/random.bin", "big/text.txt", "empty.bin");
      assertThat(restored.get("big/text.txt")).isEqualTo(source.files.get("big/text.txt"));
    }
  }

  @Test
  void unchangedSecondBackupWritesNoNewDataBlobs() {
    MapTarget source = generatedTree("map:source", 3);
    try (Repository repo = init(store)) {
      repo.backup(source, BackupRequest.defaults());
      List<String> packsBefore = keys(store, "data/");
      Snapshot full = repo.backup(source, BackupRequest.builder().full().build());
      assertThat(full.stats().newChunks()).isZero();
      assertThat(full.stats().newBytes()).isZero();
      assertThat(keys(store, "data/")).isEqualTo(packsBefore);

      source.read = 0;
      Snapshot incremental = repo.backup(source, BackupRequest.defaults());
      assertThat(incremental.kind()).isEqualTo(BackupKind.INCREMENTAL);
      assertThat(incremental.parentId()).isEqualTo(full.id());
      assertThat(source.read).as("files read by the incremental backup").isZero();
      assertThat(incremental.contentDigest()).isEqualTo(full.contentDigest());
      assertSameFiles(restore(repo, incremental.id(), RestoreRequest.all()), source.files);
    }
  }

  /**
   * An unchanged incremental backup points at its parent's tree blobs and writes no metadata pack; a
   * change of a file's modification time alone (same bytes) still makes a new tree that restores with it.
   */
  @Test
  void anUnchangedSourceKeepsItsParentsTreeAndAMetadataChangeDoesNot() {
    MapTarget source = generatedTree("map:source", 5);
    try (Repository repo = init(store)) {
      Snapshot first = repo.backup(source, BackupRequest.defaults());
      RepoContext ctx = ((DefaultRepository) repo).context();
      List<String> metaPacks = keys(store, "meta/");
      List<String> indexFiles = keys(store, "index/");

      Snapshot same = repo.backup(source, BackupRequest.defaults());
      assertThat(Manifests.read(ctx, same.id()).tree()).isEqualTo(Manifests.read(ctx, first.id()).tree());
      assertThat(keys(store, "meta/")).isEqualTo(metaPacks);
      assertThat(keys(store, "index/")).as("nothing new to index").isEqualTo(indexFiles);
      assertThat(same.contentDigest()).as("the parent's content digest, as computing it again gives")
          .isEqualTo(first.contentDigest()).isEqualTo(DefaultRepository.contentDigest(((DefaultRepository) repo)
              .loadTree(new BlobLoader(ctx, RepositoryIndex.load(ctx, null)), same.id())));
      assertSameFiles(restore(repo, same.id(), RestoreRequest.all()), source.files);

      Instant touched = Instant.parse("2031-01-02T03:04:05Z");
      source.mtimes.put("big/text.txt", touched);
      Snapshot retouched = repo.backup(source, BackupRequest.defaults());
      assertThat(retouched.stats().newBytes()).as("same bytes: no new content").isZero();
      assertThat(Manifests.read(ctx, retouched.id()).tree()).isNotEqualTo(Manifests.read(ctx, same.id()).tree());
      MapTarget out = new MapTarget("restore");
      repo.restore(retouched.id(), out, RestoreRequest.all());
      assertThat(out.mtimes.get("big/text.txt")).isEqualTo(touched);
      assertSameFiles(out.files, source.files);
      MapTarget before = new MapTarget("restore");
      repo.restore(same.id(), before, RestoreRequest.all());
      assertThat(before.mtimes.get("big/text.txt")).isNotEqualTo(touched);
    }
  }

  @Test
  void insertingBytesMidFileReuploadsOnlyTheChunksAroundIt() {
    Random r = new Random(4);
    byte[] original = random(r, 1_000_000);
    MapTarget source = new MapTarget("map:big").put("big.bin", original);
    try (Repository repo = init(store)) {
      Snapshot first = repo.backup(source, BackupRequest.defaults());
      byte[] changed = new byte[original.length + 100];
      System.arraycopy(original, 0, changed, 0, 500_000);
      System.arraycopy(random(r, 100), 0, changed, 500_000, 100);
      System.arraycopy(original, 500_000, changed, 500_100, 500_000);
      source.put("big.bin", changed);
      Snapshot second = repo.backup(source, BackupRequest.builder().full().build());
      assertThat(first.stats().newChunks()).isGreaterThan(500);
      // Boundaries depend on the repository's keyed gear table, so how many chunks the insertion touches
      // varies from one repository to the next (one to three in 98% of them): exactly those are uploaded.
      FastCdcChunker chunker = ((DefaultRepository) repo).context().chunker();
      Map<String, Integer> before = chunksOf(chunker, original);
      Map<String, Integer> after = chunksOf(chunker, changed);
      after.keySet().removeAll(before.keySet());
      long expectedBytes = after.values().stream().mapToLong(Integer::longValue).sum();
      assertThat(after.size()).as("chunks the insertion touched").isBetween(1, 10);
      assertThat(second.stats().newChunks()).as("new chunks after a 100-byte insertion").isEqualTo(after.size());
      assertThat(second.stats().newBytes()).isEqualTo(expectedBytes).isLessThan(10 * 8192);
      assertThat(restore(repo, second.id(), RestoreRequest.all()).get("big.bin")).isEqualTo(changed);
      assertThat(restore(repo, first.id(), RestoreRequest.all()).get("big.bin")).isEqualTo(original);
    }
  }

  /** The chunks of {@code data} as cut by {@code chunker}: content (hex) to length. */
  private static Map<String, Integer> chunksOf(FastCdcChunker chunker, byte[] data) {
    Map<String, Integer> out = new java.util.HashMap<>();
    for (int pos = 0; pos < data.length; ) {
      int n = chunker.cut(data, pos, data.length - pos);
      out.put(java.util.HexFormat.of().formatHex(data, pos, pos + n), n);
      pos += n;
    }
    return out;
  }

  @Test
  void targetsMayWriteThroughOutputStreamsFromSeveralThreads() {
    BackupTarget streaming = backupOnly("stream:test", writer -> {
      List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int n = t;
        threads.add(new Thread(() -> {
          try (OutputStream out = writer.create(Entry.file("table" + n, -1, Instant.EPOCH))) {
            for (int i = 0; i < 2000; i++) {
              out.write(("row " + n + " " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
      }
      threads.forEach(Thread::start);
      threads.forEach(th -> {
        try {
          th.join();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      writer.putMetadata("lsn", "0/16B3748");
    });
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(streaming, BackupRequest.defaults());
      assertThat(s.metadata()).containsEntry("lsn", "0/16B3748");
      assertThat(s.stats().files()).isEqualTo(4);
      SnapshotReader reader = repo.read(s.id(), RestoreRequest.all());
      assertThat(reader.metadata()).containsEntry("lsn", "0/16B3748");
      Entry e = reader.entries().get(2);
      assertThat(e.digest()).hasSize(64);
      try (var in = reader.open(e)) {
        String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(content).startsWith("row 2 0\n").endsWith("row 2 1999\n");
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  @Test
  void filesLongerOrShorterThanTheirListedSizeAreStoredAsRead() {
    // A live tree changes between listing and reading: the size a target lists is only a hint (it sizes
    // the first chunk's array), and the content read is what counts.
    byte[] grew = new byte[5 * 1024 * 1024 + 123];
    new java.util.Random(7).nextBytes(grew);
    byte[] shrank = "now only a line\n".getBytes(StandardCharsets.UTF_8);
    BackupTarget live = backupOnly("live:test", writer -> {
      writer.add(Entry.file("grew.bin", 10, Instant.EPOCH), new java.io.ByteArrayInputStream(grew));
      writer.add(Entry.file("shrank.txt", 10L << 20, Instant.EPOCH), new java.io.ByteArrayInputStream(shrank));
    });
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(live, BackupRequest.defaults());
      Map<String, byte[]> restored = restore(repo, s.id(), RestoreRequest.all());
      assertThat(restored.get("grew.bin")).isEqualTo(grew);
      assertThat(restored.get("shrank.txt")).isEqualTo(shrank);
      assertThat(repo.read(s.id(), RestoreRequest.all()).entries()).extracting(Entry::size)
          .containsExactly((long) grew.length, (long) shrank.length);
    }
  }

  @Test
  void wrongPassphraseIsDeniedAndOpensNothing() {
    init(store).close();
    assertThatThrownBy(() -> Repository.open(store, key("not the passphrase"), options()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("no key slot opens with the given key")
        .hasMessageNotContaining("not the passphrase");
  }

  @Test
  void unknownFormatVersionIsRejectedNamingBothVersions() {
    init(store).close();
    String config = new String(store.get("config"), StandardCharsets.UTF_8);
    store.put("config", config.replace("\"version\":1", "\"version\":7").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> Repository.open(store, key(), options()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("version 7")
        .hasMessageContaining("version 1");
  }

  @Test
  void keySlotsCanBeAddedAndRemovedWithoutReencryption() {
    MapTarget source = generatedTree("map:source", 5);
    String firstSlot;
    String secondSlot;
    Snapshot s;
    try (Repository repo = init(store)) {
      s = repo.backup(source, BackupRequest.defaults());
      firstSlot = repo.keySlots().get(0);
      List<String> packs = keys(store, "data/");
      secondSlot = repo.addKey(key("second passphrase"));
      assertThat(repo.keySlots()).containsExactlyInAnyOrder(firstSlot, secondSlot);
      assertThat(keys(store, "data/")).isEqualTo(packs);
    }
    try (Repository repo = Repository.open(store, key("second passphrase"), options())) {
      assertSameFiles(restore(repo, s.id(), RestoreRequest.all()), source.files);
      repo.removeKey(firstSlot);
      assertThatThrownBy(() -> repo.removeKey(secondSlot)).isInstanceOf(PolicyViolationException.class);
    }
    assertThatThrownBy(() -> Repository.open(store, key(), options())).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void anEmptyTargetMakesAnEmptySnapshotThatRestoresToNothing() {
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(new MapTarget("map:empty"), BackupRequest.defaults());
      assertThat(s.stats().entries()).isZero();
      assertThat(restore(repo, s.id(), RestoreRequest.all())).isEmpty();
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
    }
  }

  @Test
  void initRefusesAnExistingRepository() {
    init(store).close();
    assertThatThrownBy(() -> init(store)).isInstanceOf(ConfigurationException.class).hasMessageContaining("already exists");
  }

  @Test
  void forgetRemovesFromCatalogAndLatestFollowsTarget() {
    try (Repository repo = init(store)) {
      MapTarget a = generatedTree("map:a", 6);
      Snapshot s1 = repo.backup(a, BackupRequest.defaults());
      Snapshot s2 = repo.backup(a, BackupRequest.builder().full().build());
      assertThat(repo.latest("map:a")).contains(s2);
      assertThat(repo.latest("map:b")).isEmpty();
      repo.forget(s2.id());
      assertThat(repo.snapshots()).containsExactly(s1);
      assertThat(repo.latest("map:a")).contains(s1);
    }
  }

  /** A full-backup-only target whose backup is {@code backup}; its restore does nothing. */
  private static BackupTarget backupOnly(String name, java.util.function.Consumer<SnapshotWriter> backup) {
    return new BackupTarget() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.FULL);
      }

      @Override
      public void backup(SnapshotWriter writer) {
        backup.accept(writer);
      }

      @Override
      public void restore(SnapshotReader reader) {}
    };
  }
}
