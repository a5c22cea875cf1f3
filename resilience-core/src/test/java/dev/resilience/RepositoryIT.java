package dev.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.spi.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory trees on disk through a filesystem repository: restored trees equal the originals byte for
 * byte, with permissions, modification times and symlinks; a second backup after a change stores only
 * the change and both snapshots restore.
 */
class RepositoryIT {
  private static final RepositoryOptions OPTIONS =
      RepositoryOptions.builder().chunkSizes(16 * 1024, 64 * 1024, 256 * 1024).packSize(1 << 20).build();

  private static dev.resilience.spi.KeyProvider key() {
    return KeyProviders.insecurePassphraseForTests("repository it".toCharArray(), 1_000);
  }

  private static void write(Path file, byte[] data, String perms, long mtimeSeconds) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, data);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(mtimeSeconds)));
  }

  private static void generate(Path root, long seed) throws IOException {
    Random r = new Random(seed);
    byte[] big = new byte[3_000_000];
    r.nextBytes(big);
    write(root.resolve("big/random.bin"), big, "rw-r--r--", 1_600_000_000L);
    StringBuilder text = new StringBuilder();
    while (text.length() < 1_000_000) {
      text.append("line ").append(r.nextInt(10_000)).append(" of the ledger — ünïcödé ✓\n");
    }
    write(root.resolve("big/ledger.txt"), text.toString().getBytes(StandardCharsets.UTF_8), "rw-------", 1_600_000_100L);
    write(root.resolve("empty"), new byte[0], "r--r--r--", 1_600_000_200L);
    write(root.resolve("données/日本語/файл.txt"), "grüße".getBytes(StandardCharsets.UTF_8), "rwxr-x---", 1_600_000_300L);
    for (int i = 0; i < 300; i++) {
      byte[] small = new byte[r.nextInt(4000)];
      r.nextBytes(small);
      write(root.resolve("many/" + (i % 10) + "/f" + i), small, "rw-r-----", 1_600_001_000L + i);
    }
    Files.createDirectories(root.resolve("empty-dir"));
    Files.createSymbolicLink(root.resolve("link-to-ledger"), Path.of("big/ledger.txt"));
  }

  /** Relative path → description of content, permissions, mtime (files) or link target. */
  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          out.put(rel, "link:" + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          out.put(rel, "dir");
        } else {
          out.put(rel, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
              + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))
              + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().getEpochSecond());
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Test
  void directoryTreesRoundTripThroughAFilesystemRepository(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("source");
    generate(source, 1);
    Map<String, String> original = describe(source);
    ObjectStore store = ObjectStores.filesystem(dir.resolve("repo"));
    Snapshot first;
    try (Repository repo = Repository.init(store, key(), OPTIONS)) {
      first = repo.backup(BackupTargets.directory(source), BackupRequest.builder().tenant("acme").build());
      assertThat(first.stats().files()).isEqualTo(304);
    }
    try (Repository repo = Repository.open(ObjectStores.filesystem(dir.resolve("repo")), key(), OPTIONS)) {
      repo.restore(first.id(), BackupTargets.directory(dir.resolve("restored")), RestoreRequest.all());
      assertThat(describe(dir.resolve("restored"))).isEqualTo(original);

      // change one file in the middle; the incremental backup stores little and both snapshots restore
      byte[] ledger = Files.readAllBytes(source.resolve("big/ledger.txt"));
      byte[] changed = new byte[ledger.length + 11];
      System.arraycopy(ledger, 0, changed, 0, 500_000);
      System.arraycopy("INSERTED!!\n".getBytes(StandardCharsets.US_ASCII), 0, changed, 500_000, 11);
      System.arraycopy(ledger, 500_000, changed, 500_011, ledger.length - 500_000);
      write(source.resolve("big/ledger.txt"), changed, "rw-------", 1_700_000_000L);
      Map<String, String> modified = describe(source);
      Snapshot second = repo.backup(BackupTargets.directory(source), BackupRequest.defaults());
      assertThat(second.kind()).isEqualTo(BackupKind.INCREMENTAL);
      assertThat(second.stats().newBytes()).isLessThan(3 * 256 * 1024);
      assertThat(second.contentDigest()).isNotEqualTo(first.contentDigest());

      repo.restore(second.id(), BackupTargets.directory(dir.resolve("restored2")), RestoreRequest.all());
      assertThat(describe(dir.resolve("restored2"))).isEqualTo(modified);
      repo.restore(first.id(), BackupTargets.directory(dir.resolve("restored1")),
          RestoreRequest.builder().path("big").parallelism(2).bytesPerSecond(50_000_000).build());
      assertThat(describe(dir.resolve("restored1")).get("big/ledger.txt")).isEqualTo(original.get("big/ledger.txt"));
      assertThat(repo.check(CheckRequest.readAllData()).problems()).isEmpty();
    }
  }
}
