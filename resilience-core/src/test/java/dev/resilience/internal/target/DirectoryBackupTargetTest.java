package dev.resilience.internal.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.BackupTargets;
import dev.resilience.ConfigurationException;
import dev.resilience.IntegrityException;
import dev.resilience.Providers;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.testkit.InMemorySnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryBackupTargetTest {
  private Path work;
  private Path source;

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createTempDirectory("dir-target-");
    source = work.resolve("source");
  }

  @AfterEach
  void tearDown() throws IOException {
    Trees.deleteRecursively(work);
  }

  private static InMemorySnapshot backup(BackupTarget target, InMemorySnapshot snapshot) {
    target.backup(snapshot.writer());
    return snapshot;
  }

  @Test
  void restoredTreeEqualsTheOriginalIncludingLinksModesAndMtimes() throws IOException {
    TreeFixture.generate(source, 1, 300);
    InMemorySnapshot snapshot = backup(BackupTargets.directory(source), InMemorySnapshot.full());

    Path restored = work.resolve("restored/nested");
    BackupTargets.directory(restored).restore(snapshot.reader(4));

    Map<String, String> expected = TreeFixture.describe(source);
    assertThat(TreeFixture.describe(restored)).isEqualTo(expected);
    assertThat(expected).containsKeys("empty.txt", "empty-dir", "ünïcødé/日本語 ファイル.txt", "dangling", "a/b/c/d/e/deep.txt");
    assertThat(expected.get("hello.txt")).contains("mode=600").contains("mtime=" + TreeFixture.OLD);
    assertThat(expected.get("a/b/c/d")).contains("mode=555");
  }

  /** A restore skips chmod for files whose mode a new file gets anyway; the probe for that mode leaves nothing behind. */
  @Test
  void theModeOfNewFilesIsProbedWithoutLeavingAFileBehind() throws IOException {
    Files.createDirectories(source);
    boolean posix = FileMetadata.posix(source.getFileSystem());
    Integer probed = FileMetadata.createdMode(source, posix);
    Path made = source.resolve("made.txt");
    Files.write(made, new byte[] {1});
    assertThat(probed).isEqualTo(FileMetadata.mode(FileMetadata.read(made, posix)));
    try (var files = Files.list(source)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("made.txt");
    }
  }

  @Test
  void aBackupAfterPrepareBackupHoldsTheSameEntriesAndBytesAsOneWithout() throws IOException {
    TreeFixture.generate(source, 4, 400);
    InMemorySnapshot plain = backup(BackupTargets.directory(source), InMemorySnapshot.full());

    BackupTarget prepared = BackupTargets.directory(source);
    prepared.prepareBackup();
    prepared.prepareBackup(); // a second call changes nothing
    InMemorySnapshot snapshot = backup(prepared, InMemorySnapshot.full());

    assertThat(snapshot.entries()).hasSameSizeAs(plain.entries()).containsExactlyInAnyOrderElementsOf(plain.entries());
    for (Entry e : plain.entries()) {
      if (e.type() == EntryType.FILE) {
        assertThat(snapshot.content(e.path())).as(e.path()).isEqualTo(plain.content(e.path()));
      }
    }
    // The prepared listing was used up: the next backup lists again and sees a file added since.
    TreeFixture.write(source.resolve("later.txt"), "later".getBytes(StandardCharsets.UTF_8));
    assertThat(backup(prepared, InMemorySnapshot.full()).entries()).extracting(Entry::path).contains("later.txt");
  }

  @Test
  void aListingPreparedTooLongBeforeTheBackupIsNotUsed() throws IOException, InterruptedException {
    TreeFixture.generate(source, 6, 20);
    BackupTarget target = new DirectoryBackupTarget(source, 2, TimeUnit.MILLISECONDS.toNanos(200));
    target.prepareBackup(); // e.g. the repository could not be opened, and the backup runs much later
    Thread.sleep(400);
    TreeFixture.write(source.resolve("added-later.txt"), "later".getBytes(StandardCharsets.UTF_8));

    InMemorySnapshot snapshot = backup(target, InMemorySnapshot.full());

    assertThat(snapshot.entries()).extracting(Entry::path).contains("added-later.txt");
    assertThat(snapshot.content("added-later.txt")).isEqualTo("later".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void filesDeletedBetweenPrepareAndBackupAreLeftOutAndTheRestIsComplete() throws IOException, InterruptedException {
    TreeFixture.generate(source, 5, 200);
    BackupTarget target = BackupTargets.directory(source);
    target.prepareBackup();
    Thread.sleep(200); // let the listing see the file before it goes (if it has not, it is simply not listed)
    Files.delete(source.resolve("many/05/file-00005.dat"));
    Map<String, String> expected = TreeFixture.describe(source);

    InMemorySnapshot snapshot = backup(target, InMemorySnapshot.full());

    assertThat(snapshot.entries()).extracting(Entry::path).doesNotContain("many/05/file-00005.dat");
    Path restored = work.resolve("restored");
    BackupTargets.directory(restored).restore(snapshot.reader(2));
    Map<String, String> actual = new HashMap<>(TreeFixture.describe(restored));
    // The directory's mtime may be the one listed before the deletion changed it; everything else is exact.
    assertThat(actual.remove("many/05")).startsWith("dir mode=");
    expected = new HashMap<>(expected);
    expected.remove("many/05");
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void symlinksAreRecordedAsLinksAndNeverFollowed() throws IOException {
    Path outside = work.resolve("outside");
    TreeFixture.write(outside.resolve("secret.txt"), "not part of the backup".getBytes(StandardCharsets.UTF_8));
    TreeFixture.write(source.resolve("file.txt"), "x".getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(source.resolve("out"), outside);

    InMemorySnapshot snapshot = backup(BackupTargets.directory(source), InMemorySnapshot.full());

    assertThat(snapshot.entries()).extracting(Entry::path).containsExactly("file.txt", "out");
    Entry link = snapshot.entries().get(1);
    assertThat(link.type()).isEqualTo(EntryType.SYMLINK);
    assertThat(link.linkTarget()).isEqualTo(outside.toString());
  }

  @Test
  void incrementalBackupReusesUnchangedFilesAndRereadsChangedOnes() throws IOException {
    TreeFixture.generate(source, 2, 50);
    BackupTarget target = BackupTargets.directory(source);
    InMemorySnapshot first = backup(target, InMemorySnapshot.full());
    assertThat(first.reusedPaths()).isEmpty();

    Path changedSameSize = source.resolve("many/03/file-00003.dat");
    byte[] original = Files.readAllBytes(changedSameSize);
    byte[] flipped = original.clone();
    flipped[0] ^= 1;
    Files.write(changedSameSize, flipped);
    Files.setLastModifiedTime(changedSameSize, FileTime.from(TreeFixture.OLD.plusSeconds(5)));
    Files.setPosixFilePermissions(source.resolve("empty.txt"), FileMetadata.permissions(0640));
    TreeFixture.write(source.resolve("new/added.txt"), "new".getBytes(StandardCharsets.UTF_8));
    Files.delete(source.resolve("many/04/file-00004.dat"));

    InMemorySnapshot second = backup(target, InMemorySnapshot.incremental(first));

    assertThat(second.readPaths()).containsExactlyInAnyOrder("many/03/file-00003.dat", "empty.txt", "new/added.txt");
    Set<String> unchangedFiles = second.entries().stream()
        .filter(e -> e.type() == EntryType.FILE && !second.readPaths().contains(e.path()))
        .map(Entry::path).collect(Collectors.toSet());
    assertThat(second.reusedPaths()).isEqualTo(unchangedFiles).contains("bin/random-3MiB.bin").hasSizeGreaterThan(50);
    assertThat(second.content("many/03/file-00003.dat")).isEqualTo(flipped);

    Path restored = work.resolve("restored");
    BackupTargets.directory(restored).restore(second.reader(3));
    assertThat(TreeFixture.describe(restored)).isEqualTo(TreeFixture.describe(source));
  }

  @Test
  void restoreRefusesANonEmptyDestinationAndLeavesItAlone() throws IOException {
    TreeFixture.write(source.resolve("a.txt"), "a".getBytes(StandardCharsets.UTF_8));
    InMemorySnapshot snapshot = backup(BackupTargets.directory(source), InMemorySnapshot.full());
    Path busy = work.resolve("busy");
    TreeFixture.write(busy.resolve("keep.txt"), "mine".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> BackupTargets.directory(busy).restore(snapshot.reader(2)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("not empty");
    assertThat(Files.list(busy).map(p -> p.getFileName().toString())).containsExactly("keep.txt");
    assertThat(Files.readString(busy.resolve("keep.txt"))).isEqualTo("mine");
  }

  @Test
  void aSnapshotCannotWriteThroughALinkOutOfTheDestination() throws IOException {
    Path outside = work.resolve("outside");
    Files.createDirectories(outside);
    InMemorySnapshot evil = InMemorySnapshot.full();
    evil.writer().add(Entry.symlink("escape", outside.toString(), null));
    evil.writer().add(Entry.file("escape/owned.txt", 5, null), new java.io.ByteArrayInputStream("owned".getBytes(StandardCharsets.UTF_8)));

    Path restored = work.resolve("restored");
    assertThatThrownBy(() -> BackupTargets.directory(restored).restore(evil.reader(2)))
        .isInstanceOf(ConfigurationException.class);
    assertThat(Files.list(outside)).isEmpty();
    assertThat(Files.isSymbolicLink(restored.resolve("escape"))).isFalse();
  }

  /** Below and above the size from which restores write past the page cache (direct I/O). */
  @ParameterizedTest
  @ValueSource(ints = {200_000, 2_000_000})
  void aFileWhoseContentFailsIntegrityIsNotLeftBehindHalfWritten(int size) throws IOException {
    TreeFixture.write(source.resolve("good.txt"), "good".getBytes(StandardCharsets.UTF_8));
    TreeFixture.write(source.resolve("damaged.bin"), new byte[size]);
    InMemorySnapshot snapshot = backup(BackupTargets.directory(source), InMemorySnapshot.full());
    SnapshotReader healthy = snapshot.reader(2);
    SnapshotReader damaged = new SnapshotReader() {
      @Override
      public List<Entry> entries() {
        return healthy.entries();
      }

      @Override
      public InputStream open(Entry entry) {
        if (!entry.path().equals("damaged.bin")) {
          return healthy.open(entry);
        }
        return new SequenceInputStream(new ByteArrayInputStream(new byte[size / 2]), new InputStream() {
          @Override
          public int read() {
            throw new IntegrityException("chunk 2 of damaged.bin fails authentication");
          }
        });
      }

      @Override
      public Map<String, String> metadata() {
        return healthy.metadata();
      }

      @Override
      public int parallelism() {
        return 2;
      }
    };

    Path restored = work.resolve("restored");
    assertThatThrownBy(() -> BackupTargets.directory(restored).restore(damaged))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("damaged.bin");
    assertThat(restored.resolve("damaged.bin")).doesNotExist();
  }

  @Test
  void sandboxIsAFreshDirectoryRemovedOnClose() throws IOException {
    TreeFixture.generate(source, 3, 10);
    BackupTarget target = BackupTargets.directory(source);
    assertThat(target.capabilities()).contains(Capability.SANDBOX, Capability.INCREMENTAL, Capability.FULL);
    InMemorySnapshot snapshot = backup(target, InMemorySnapshot.full());

    Path sandboxRoot;
    try (Sandbox sandbox = target.openSandbox().orElseThrow()) {
      DirectoryBackupTarget inside = (DirectoryBackupTarget) sandbox.target();
      sandboxRoot = inside.root();
      inside.restore(snapshot.reader(2));
      assertThat(TreeFixture.describe(sandboxRoot)).isEqualTo(TreeFixture.describe(source));
    }
    assertThat(TreeFixture.exists(sandboxRoot)).as("sandbox deleted, read-only directories included").isFalse();
  }

  @Test
  void providerBuildsADirectoryTargetFromConfig() throws IOException {
    TreeFixture.write(source.resolve("x.txt"), "x".getBytes(StandardCharsets.UTF_8));
    BackupTarget target = Providers.defaults().backupTarget("directory", Map.of("path", source.toString()));
    assertThat(target.name()).isEqualTo("directory:" + source.toAbsolutePath().normalize());
    InMemorySnapshot snapshot = backup(target, InMemorySnapshot.full());
    assertThat(snapshot.content("x.txt")).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> Providers.defaults().backupTarget("directory", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("path");
  }

  @Test
  void restoreBatchesGroupSmallFilesByDirectoryAndLeaveLargeFilesAlone() {
    java.time.Instant t = java.time.Instant.EPOCH;
    long small = 10_000;
    long large = DirectoryBackupTarget.BATCH_BYTES;
    List<Entry> entries = new java.util.ArrayList<>(List.of(
        Entry.directory("a", t),
        Entry.file("a/1", small, t),
        Entry.file("a/2", small, t),
        Entry.file("a/big", large, t),
        Entry.file("a/3", small, t),
        Entry.symlink("a/link", "1", t),
        Entry.file("b/1", small, t),
        Entry.file("b/c/1", small, t),
        Entry.file("top", small, t)));
    // a directory whose small files exceed one batch's bytes is split
    long third = DirectoryBackupTarget.BATCH_BYTES / 3;
    for (int i = 0; i < 5; i++) {
      entries.add(Entry.file("d/" + i, third, t));
    }

    List<List<String>> batches = DirectoryBackupTarget.restoreBatches(entries).stream()
        .map(b -> b.stream().map(Entry::path).collect(Collectors.toList()))
        .collect(Collectors.toList());

    assertThat(batches).containsExactly(
        List.of("a/big"),
        List.of("a/1", "a/2", "a/3"),
        List.of("b/1"),
        List.of("b/c/1"),
        List.of("top"),
        List.of("d/0", "d/1", "d/2"),
        List.of("d/3", "d/4"));
  }
}
