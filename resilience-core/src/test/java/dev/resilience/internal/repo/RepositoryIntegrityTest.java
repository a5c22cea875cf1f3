package dev.resilience.internal.repo;

import static dev.resilience.internal.repo.RepoFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.BackupRequest;
import dev.resilience.CheckReport;
import dev.resilience.CheckRequest;
import dev.resilience.IntegrityException;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.ResilienceException;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.StoreUnavailableException;
import dev.resilience.spi.PutOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryIntegrityTest {

  /** Flips one byte of an object of the given kind; check must name it and restore must never return wrong bytes. */
  @ParameterizedTest
  @ValueSource(strings = {"data/", "meta/", "index/", "snapshots/"})
  void flippedByteIsNamedByCheckAndNeverRestoredAsWrongBytes(String prefix) {
    Random r = new Random(prefix.hashCode());
    for (int trial = 0; trial < 5; trial++) {
      MapObjectStore store = new MapObjectStore();
      MapTarget source = smallTree(r);
      try (Repository repo = init(store)) {
        Snapshot s = repo.backup(source, BackupRequest.defaults());
        List<String> keys = store.keys(prefix);
        String victim = keys.get(r.nextInt(keys.size()));
        int position = r.nextInt(store.get(victim).length);
        store.flip(victim, position);

        CheckReport report = repo.check(CheckRequest.readAllData());
        assertThat(report.ok()).as("check after flipping byte %d of %s", position, victim).isFalse();
        assertThat(report.problems()).as("problems name %s", victim).anySatisfy(p -> assertThat(p).contains(victim));

        Map<String, byte[]> restored;
        try (Repository fresh = Repository.open(store, key(), options())) {
          restored = restore(fresh, s.id(), RestoreRequest.all());
        } catch (IntegrityException e) {
          continue;
        }
        // the damage hit only a pack's table of contents, which restores do not need: bytes must be exact
        assertThat(prefix).isIn("data/", "meta/");
        assertSameFiles(restored, source.files);
      }
    }
  }

  /**
   * On a store without {@code LOCAL} (S3, say, where every request is a round trip), a restore of many small
   * files reads their packs a window at a time instead of one request per file, and gets every byte right.
   */
  @Test
  void smallFilesAreRestoredFromPackWindowsWithFewRequests() {
    AtomicInteger dataReads = new AtomicInteger();
    MapObjectStore store = new MapObjectStore() {
      @Override
      public void read(String key, long offset, byte[] dst, int dstOffset, int length) {
        if (key.startsWith("data/")) {
          dataReads.incrementAndGet();
        }
        super.read(key, offset, dst, dstOffset, length);
      }
    };
    Random r = new Random(5);
    MapTarget source = new MapTarget("map:small");
    for (int i = 0; i < 300; i++) {
      source.put("small/f" + i, i % 2 == 0 ? random(r, 1 + r.nextInt(8_000)) : text(r, 1 + r.nextInt(8_000)));
    }
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(source, BackupRequest.defaults());
      dataReads.set(0);
      assertSameFiles(restore(repo, s.id(), RestoreRequest.all()), source.files);
      // 300 one-chunk files in about 1.5 MiB of packs: a handful of window reads, not 300 ranged ones.
      assertThat(dataReads.get()).isBetween(1, 20);
    }
  }

  /**
   * Check reads a pack in slices of a few megabytes rather than whole: a damaged blob in the middle of a
   * large pack is named, and every other blob of the pack, before and after it, still passes.
   */
  @Test
  void aDamagedBlobInTheMiddleOfALargePackIsNamedAndTheRestPass() {
    MapObjectStore store = new MapObjectStore();
    RepositoryOptions large = RepositoryOptions.builder().chunkSizes(64 * 1024, 256 * 1024, 1024 * 1024)
        .packSize(12 << 20).parallelism(2).build();
    MapTarget source = new MapTarget("map:large").put("random.bin", random(new Random(11), 11 << 20));
    try (Repository repo = Repository.init(store, key(), large)) {
      repo.backup(source, BackupRequest.defaults());
      List<String> packs = store.keys("data/");
      assertThat(packs).hasSize(1);
      String pack = packs.get(0);
      RepoContext ctx = ((DefaultRepository) repo).context();
      RepositoryIndex index = RepositoryIndex.load(ctx, null);
      long allBlobs = index.packs().stream().mapToLong(pr -> pr.entries().size()).sum(); // with the tree's
      List<PackEntry> entries = index.packs().stream().filter(pr -> pr.ref().key().equals(pack)).findFirst()
          .orElseThrow().entries();
      assertThat(entries.size()).isGreaterThan(20);
      PackEntry victim = entries.stream().filter(e -> e.offset() > (5 << 20)).findFirst().orElseThrow();
      store.flip(pack, (int) victim.offset() + victim.length() / 2);

      CheckReport report = repo.check(CheckRequest.readAllData());
      assertThat(report.problems()).singleElement().satisfies(p ->
          assertThat(p).contains(pack).contains(victim.id().hex().substring(0, 16)));
      assertThat(report.blobsRead()).isEqualTo(allBlobs - 1);
    }
  }

  /**
   * Check reads a pack's next slice while it checks the current one: a read that fails part-way through a
   * large pack is reported for that pack, the slices before it still count, and the check finishes.
   */
  @Test
  void aReadThatFailsPartWayThroughALargePackIsReportedAndTheCheckFinishes() {
    AtomicBoolean failing = new AtomicBoolean();
    MapObjectStore store = new MapObjectStore() {
      @Override
      public void read(String key, long offset, byte[] dst, int dstOffset, int length) {
        if (failing.get() && key.startsWith("data/") && offset >= (6 << 20)) {
          throw new StoreUnavailableException("disk went away under " + key);
        }
        super.read(key, offset, dst, dstOffset, length);
      }
    };
    RepositoryOptions large = RepositoryOptions.builder().chunkSizes(64 * 1024, 256 * 1024, 1024 * 1024)
        .packSize(12 << 20).parallelism(2).build();
    MapTarget source = new MapTarget("map:large").put("random.bin", random(new Random(12), 11 << 20));
    try (Repository repo = Repository.init(store, key(), large)) {
      repo.backup(source, BackupRequest.defaults());
      String pack = store.keys("data/").get(0);
      failing.set(true);
      CheckReport report = repo.check(CheckRequest.readAllData());
      assertThat(report.problems()).singleElement().satisfies(p ->
          assertThat(p).contains(pack).contains("cannot be checked").contains("disk went away"));
      failing.set(false);
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
    }
  }

  private static MapTarget smallTree(Random r) {
    MapTarget t = new MapTarget("map:small");
    t.put("a/text.txt", text(r, 40_000));
    t.put("a/random.bin", random(r, 60_000));
    for (int i = 0; i < 20; i++) {
      t.put("b/f" + i, random(r, r.nextInt(2000)));
    }
    return t;
  }

  /**
   * A holder of the key writes a blob whose content is not what its id says (a poisoned blob): it
   * authenticates, yet the restore of the file refuses it (the file's recorded SHA-256), and check names
   * the blob (its keyed hash).
   */
  @Test
  void aBlobAKeyHolderWroteUnderAWrongIdIsRefusedByRestoreAndNamedByCheck() {
    MapObjectStore store = new MapObjectStore();
    byte[] original = random(new Random(21), 200); // below the smallest chunk: one blob
    MapTarget source = new MapTarget("map:one").put("file.bin", original);
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(source, BackupRequest.defaults());
      RepoContext ctx = ((DefaultRepository) repo).context();
      BlobId id = ctx.codec().id(original, 0, original.length);
      RepositoryIndex.Location loc = RepositoryIndex.load(ctx, null).find(id);
      byte[] other = random(new Random(22), original.length);
      BlobCodec.SealedBlob forged = ctx.codec().seal(BlobType.DATA, id, other, 0, other.length);
      assertThat(forged.length()).isEqualTo(loc.entry().length());
      byte[] pack = store.get(loc.pack().key());
      System.arraycopy(forged.sealed(), 0, pack, (int) loc.entry().offset(), forged.length());
      store.put(loc.pack().key(), pack, PutOptions.DEFAULT);

      assertThatThrownBy(() -> restore(repo, s.id(), RestoreRequest.all()))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("file.bin")
          .hasMessageContaining("SHA-256");
      CheckReport report = repo.check(CheckRequest.readAllData());
      assertThat(report.ok()).isFalse();
      assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains(id.hex().substring(0, 16)).contains("does not match its id"));
    }
  }

  /** The config is read before any key exists: an unknown format or version, or damage, is named before that. */
  @Test
  void aConfigOfAnotherFormatOrVersionOrDamagedIsRefusedWithAClearError() {
    MapObjectStore store = new MapObjectStore();
    init(store).close();
    String original = new String(store.get("config"), StandardCharsets.UTF_8);
    assertThat(original).contains("\"version\":1");

    store.put("config", original.replace("\"version\":1", "\"version\":99").getBytes(StandardCharsets.UTF_8), PutOptions.DEFAULT);
    assertThatThrownBy(() -> Repository.open(store, key(), options()))
        .isInstanceOf(dev.resilience.ConfigurationException.class)
        .hasMessageContaining("version 99 is not supported");

    store.put("config", original.replace("resilience-repository", "restic").getBytes(StandardCharsets.UTF_8), PutOptions.DEFAULT);
    assertThatThrownBy(() -> Repository.open(store, key(), options()))
        .isInstanceOf(dev.resilience.ConfigurationException.class)
        .hasMessageContaining("not a resilience-repository (format 'restic')");

    store.put("config", original.substring(0, original.length() / 2).getBytes(StandardCharsets.UTF_8), PutOptions.DEFAULT);
    assertThatThrownBy(() -> Repository.open(store, key(), options()))
        .isInstanceOf(IntegrityException.class)
        .hasMessage("config: is not valid JSON");

    store.put("config", original.getBytes(StandardCharsets.UTF_8), PutOptions.DEFAULT);
    Repository.open(store, key(), options()).close();
  }

  @Test
  void damageInsideABlobFailsTheRestoreOfThatFileWithAnIntegrityError() {
    MapObjectStore store = new MapObjectStore();
    MapTarget source = new MapTarget("map:one").put("file.bin", random(new Random(9), 50_000));
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(source, BackupRequest.defaults());
      String pack = store.keys("data/").get(0);
      store.flip(pack, 100);
      assertThatThrownBy(() -> restore(repo, s.id(), RestoreRequest.all()))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining(pack);
    }
  }

  @Test
  void checkOfAHealthyRepositoryFindsNothingAndSubsetsReadAShare() {
    MapObjectStore store = new MapObjectStore();
    try (Repository repo = init(store)) {
      repo.backup(generatedTree("map:a", 10), BackupRequest.defaults());
      repo.backup(generatedTree("map:b", 11), BackupRequest.defaults());
      CheckReport structure = repo.check(CheckRequest.structure());
      assertThat(structure.problems()).isEmpty();
      assertThat(structure.snapshotsChecked()).isEqualTo(2);
      assertThat(structure.blobsRead()).isZero();
      CheckReport all = repo.check(CheckRequest.readAllData());
      CheckReport half = repo.check(CheckRequest.readDataSubset(50, 42));
      assertThat(half.problems()).isEmpty();
      assertThat(half.packsChecked()).isBetween(all.packsChecked() / 2, all.packsChecked() / 2 + 1);
      assertThat(half.blobsRead()).isLessThan(all.blobsRead());
    }
  }

  @Test
  void missingPackIsReportedByTheStructureCheck() {
    MapObjectStore store = new MapObjectStore();
    try (Repository repo = init(store)) {
      repo.backup(generatedTree("map:a", 12), BackupRequest.defaults());
      String pack = store.keys("data/").get(1);
      store.delete(pack);
      assertThat(repo.check(CheckRequest.structure()).problems()).anySatisfy(p -> assertThat(p).contains(pack).contains("missing"));
    }
  }

  @Test
  void verifyBeforeUploadCatchesAStoreThatDamagesWritesBeforeAnySnapshotExists() {
    MapObjectStore store = new MapObjectStore() {
      @Override
      public void put(String key, byte[] data, PutOptions options) {
        byte[] copy = data.clone();
        if (key.startsWith("data/")) {
          copy[copy.length / 3] ^= 0x40;
        }
        super.put(key, copy, options);
      }
    };
    try (Repository repo = init(store)) {
      assertThatThrownBy(() -> repo.backup(generatedTree("map:a", 13), BackupRequest.defaults()))
          .isInstanceOf(ResilienceException.class)
          .hasMessageContaining("data/");
      assertThat(repo.snapshots()).isEmpty();
      assertThat(store.keys("index/")).isEmpty();
    }
  }

  @Test
  void withoutVerificationTheSameDamageIsFoundByCheck() {
    MapObjectStore store = new MapObjectStore() {
      @Override
      public void put(String key, byte[] data, PutOptions options) {
        byte[] copy = data.clone();
        if (key.startsWith("data/")) {
          copy[0] ^= 0x40;
        }
        super.put(key, copy, options);
      }
    };
    RepositoryOptions noVerify = RepositoryOptions.builder().chunkSizes(256, 1024, 8192).packSize(64 * 1024)
        .verifyBeforeUpload(false).build();
    try (Repository repo = Repository.init(store, key(), noVerify)) {
      repo.backup(generatedTree("map:a", 14), BackupRequest.defaults());
      assertThat(repo.check(CheckRequest.readAllData()).problems()).anySatisfy(p -> assertThat(p).startsWith("data/"));
    }
  }

  @Test
  void indexCanBeRebuiltFromPacksAlone() {
    MapObjectStore store = new MapObjectStore();
    MapTarget source = generatedTree("map:a", 15);
    try (Repository repo = init(store)) {
      Snapshot s = repo.backup(source, BackupRequest.defaults());
      repo.backup(generatedTree("map:b", 16), BackupRequest.defaults());
      long blobs = store.keys("index/").size();
      assertThat(blobs).isEqualTo(2);
      for (String k : store.keys("index/")) {
        store.delete(k);
      }
      assertThatThrownBy(() -> restore(repo, s.id(), RestoreRequest.all())).isInstanceOf(IntegrityException.class);
      assertThat(repo.rebuildIndex()).isGreaterThan(100);
      assertThat(store.keys("index/")).hasSize(1);
      assertSameFiles(restore(repo, s.id(), RestoreRequest.all()), source.files);
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
    }
  }
}
