package dev.resilience.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupRequest;
import dev.resilience.BackupTargets;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.Snapshot;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The directory target against the real repository: metadata survives the manifest, unchanged files are reused. */
class DirectoryTargetWithRepositoryTest {
  private Path work;
  private Repository repository;

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createTempDirectory("dir-target-repo-");
    RepositoryOptions options = RepositoryOptions.builder().chunkSizes(4 * 1024, 16 * 1024, 64 * 1024).packSize(1 << 20).build();
    repository = Repository.init(
        ObjectStores.inMemory(), KeyProviders.insecurePassphraseForTests("test".toCharArray(), 1000), options);
  }

  @AfterEach
  void tearDown() throws IOException {
    repository.close();
    Trees.deleteRecursively(work);
  }

  /** Delegates to a directory target and records which paths the repository let it reuse. */
  private static final class CountingTarget implements BackupTarget {
    final BackupTarget delegate;
    final Set<String> reused = ConcurrentHashMap.newKeySet();

    CountingTarget(BackupTarget delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Set<Capability> capabilities() {
      return delegate.capabilities();
    }

    @Override
    public void restore(SnapshotReader reader) {
      delegate.restore(reader);
    }

    @Override
    public void backup(SnapshotWriter writer) {
      delegate.backup(new SnapshotWriter() {
        @Override
        public Optional<Entry> parentEntry(String path) {
          return writer.parentEntry(path);
        }

        @Override
        public boolean reuseParent(Entry entry) {
          boolean ok = writer.reuseParent(entry);
          if (ok) {
            reused.add(entry.path());
          }
          return ok;
        }

        @Override
        public void add(Entry entry) {
          writer.add(entry);
        }

        @Override
        public void add(Entry entry, InputStream content) {
          writer.add(entry, content);
        }

        @Override
        public OutputStream create(Entry entry) {
          return writer.create(entry);
        }

        @Override
        public void putMetadata(String key, String value) {
          writer.putMetadata(key, value);
        }
      });
    }
  }

  @Test
  void secondBackupReusesEveryUnchangedFileAndRestoresTheTreeExactly() throws IOException {
    Path source = work.resolve("source");
    TreeFixture.generate(source, 5, 60);
    CountingTarget target = new CountingTarget(BackupTargets.directory(source));

    Snapshot first = repository.backup(target, BackupRequest.defaults());
    assertThat(target.reused).isEmpty();

    TreeFixture.write(source.resolve("hello.txt"), "changed".getBytes(StandardCharsets.UTF_8));
    target.reused.clear();
    Snapshot second = repository.backup(target, BackupRequest.defaults());

    long files = second.stats().files();
    assertThat(target.reused).as("every file but the changed one is reused").hasSize((int) files - 1)
        .doesNotContain("hello.txt");
    assertThat(second.stats().newBytes()).isEqualTo("changed".length());

    Path restored = work.resolve("restored");
    repository.restore(second.id(), BackupTargets.directory(restored), RestoreRequest.all());
    assertThat(TreeFixture.describe(restored)).isEqualTo(TreeFixture.describe(source));
    assertThat(first.id()).isNotEqualTo(second.id());
  }
}
