package dev.resilience.examples;

import dev.resilience.BackupRequest;
import dev.resilience.BackupTargets;
import dev.resilience.CheckReport;
import dev.resilience.CheckRequest;
import dev.resilience.ObjectStores;
import dev.resilience.KeyProviders;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.RestoreRequest;
import dev.resilience.RestoreResult;
import dev.resilience.Snapshot;
import dev.resilience.SnapshotStats;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The quickstart: on embedded defaults only, in a temporary folder, it generates a sample tree, backs it up
 * into an encrypted repository on the local filesystem, changes a few percent, backs up again (printing how
 * little was new), restores into a new folder, compares byte for byte, runs a full {@code check}, prints a
 * summary and cleans up. Exits non-zero if anything differs.
 *
 * <p>Run from the repository root: {@code ./mvnw -B -q -Pquickstart -DskipTests -pl examples -am package}.
 * The passphrase comes from {@code RESILIENCE_PASSWORD}, or a random one is generated for the demo.
 * Pass {@code --keep} to keep the temporary folder.
 */
public final class Quickstart {

  /**
   * What the run found.
   *
   * @param verified the restored tree equals the changed source and {@code check} found no problem
   * @param touchedFileBytes size of the files the change step edited or added: an upper bound for what the
   *     second backup may store as new
   */
  public record Summary(
      boolean verified,
      List<String> differences,
      CheckReport check,
      SnapshotStats first,
      SnapshotStats second,
      long touchedFileBytes) {}

  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    boolean keep = List.of(args).contains("--keep");
    Path work = Files.createTempDirectory("resilience-quickstart-");
    Summary summary;
    try {
      summary = run(work, System.out);
    } finally {
      if (!keep) {
        deleteTree(work);
      }
    }
    if (keep) {
      System.out.println("kept " + work);
    }
    if (!summary.verified()) {
      System.err.println("QUICKSTART FAILED: the restore or the check did not verify");
      System.exit(1);
    }
  }

  /** Runs the whole demo inside {@code work} (which the caller removes) and reports to {@code out}. */
  public static Summary run(Path work, PrintStream out) throws IOException {
    Path source = work.resolve("source");
    Path restored = work.resolve("restored");
    Path repositoryDir = work.resolve("repository");

    long generated = new SampleData(2026).generate(source);
    out.printf("1. generated a sample tree of %s in %s%n", bytes(generated), source);

    ObjectStore store = ObjectStores.filesystem(repositoryDir);
    try (Repository repository = Repository.init(store, passphrase(out), RepositoryOptions.defaults())) {
      out.printf("2. created an encrypted repository %s in %s%n", repository.id().substring(0, 8), repositoryDir);

      BackupTarget target = BackupTargets.directory(source);
      Snapshot first = repository.backup(target, BackupRequest.defaults());
      out.printf("3. backup %s: %d files, %s, stored %s (compressed + encrypted) in %s%n", first.shortId(),
          first.stats().files(), bytes(first.stats().totalBytes()), bytes(first.stats().storedBytes()), seconds(first.duration()));

      SampleData.Changes changes = new SampleData(7).change(source);
      out.printf("4. changed the tree: %s%n", String.join("; ", changes.descriptions()));

      Snapshot second = repository.backup(target, BackupRequest.defaults());
      SnapshotStats s = second.stats();
      out.printf("5. incremental backup %s: %s new of %s total (%.1f%%), stored %s, %d chunks reused, in %s%n",
          second.shortId(), bytes(s.newBytes()), bytes(s.totalBytes()), percent(s.newBytes(), s.totalBytes()),
          bytes(s.storedBytes()), s.reusedChunks(), seconds(second.duration()));

      RestoreResult restore = repository.restore(second.id(), BackupTargets.directory(restored), RestoreRequest.all());
      out.printf("6. restored %d entries (%s) into %s in %s%n", restore.entries(), bytes(restore.bytes()), restored,
          seconds(restore.duration()));

      List<String> differences = TreeComparison.differences(source, restored);
      out.printf("7. compared source and restore byte for byte (with modes, mtimes, links): %s%n",
          differences.isEmpty() ? "identical" : differences.size() + " differences");
      differences.stream().limit(20).forEach(d -> out.println("   - " + d));

      CheckReport check = repository.check(CheckRequest.readAllData());
      out.printf("8. check (read and authenticate all data): %s, %d snapshots, %d packs, %d blobs read%n",
          check.ok() ? "no problems" : check.problems().size() + " problems", check.snapshotsChecked(),
          check.packsChecked(), check.blobsRead());
      check.problems().stream().limit(20).forEach(p -> out.println("   - " + p));

      boolean verified = differences.isEmpty() && check.ok();
      out.printf("%nSummary: %s. Two snapshots; the second stored only %.1f%% of the data as new.%n",
          verified ? "restore verified byte for byte, repository healthy" : "VERIFICATION FAILED",
          percent(s.newBytes(), s.totalBytes()));
      return new Summary(verified, differences, check, first.stats(), s, changes.touchedFileBytes());
    }
  }

  private static KeyProvider passphrase(PrintStream out) {
    String fromEnv = System.getenv("RESILIENCE_PASSWORD");
    char[] passphrase;
    if (fromEnv != null && !fromEnv.isEmpty()) {
      passphrase = fromEnv.toCharArray();
      out.println("   passphrase: from RESILIENCE_PASSWORD");
    } else {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
      out.println("   passphrase: RESILIENCE_PASSWORD is not set, so this demo uses a random one (not shown);"
          + " the repository is deleted at the end");
    }
    KeyProvider key = KeyProviders.passphrase(passphrase); // PBKDF2-HMAC-SHA256, 600,000 iterations
    Arrays.fill(passphrase, '\0');
    return key;
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
  }

  /** Deletes a tree without following links, making read-only directories writable first. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
